use saltatory::synapse;

synapse! {
    /// Units: a decay factor of a time, a weight plus a time, a condition that is not one of
    /// a synapse's.
    pub Units as "units" {
        parameters { tau_plus: ms = 20.0 where > 0; }
        state { Kplus: 1 = 0.0 decays exp(-dt); }
        on pre {
            w = w + tau_plus;
            w = if refractory { w } else { 0.0 };
        }
    }
}

synapse! {
    /// Assignments: the DSL's names are read-only, a variable changes only in `on pre`, a
    /// weight is sent once and only from `on pre`.
    pub Assignments as "assignments" {
        parameters { tau: ms = 20.0 where > 0; }
        state { Kplus: 1 = 0.0 decays exp(-dt / tau); }
        on post {
            Kplus += 1.0;
            send w;
        }
        on pre {
            dt = 1.0ms;
            K_minus = 0.0;
            send w;
            send 2.0 * w;
        }
    }
}

synapse! {
    /// Declarations: a variable named like the weight, a parameter declared twice over.
    pub Names as "names" {
        parameters { tau: ms = 20.0 where > 0; }
        state { w: 1 = 0.0; tau: ms = 1.0ms; }
        on pre { let tau = 2.0; }
    }
}

synapse! {
    /// No presynaptic rule.
    pub NoPre as "no_pre" {
        parameters {}
        on post { w = w; }
    }
}

fn main() {}
