use saltatory::neuron;

neuron! {
    /// A counted port declared with a unit, another routed by the weight's sign, and a
    /// multiplicity with a unit: three mistakes, all reported.
    pub Relay as "relay" {
        parameters { V_th: mV = 1.0; }
        state { x: 1 = 0.0; }
        inputs {
            spikes n: mV counted;
            spikes k: 1 on receptor 1 counted { k > 0 => x += k; _ => x += k; }
        }
        threshold n >= V_th with multiplicity V_th;
    }
}

fn main() {}
