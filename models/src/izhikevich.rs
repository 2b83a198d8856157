//! `izhikevich`: NEST's Izhikevich (2003) neuron, with NEST's own explicit update.
use saltatory_macros::neuron;

neuron! {
    /// Izhikevich (2003) neuron (NEST: izhikevich). NEST does not integrate it with GSL: it
    /// uses forward Euler on the old values (consistent_integration, the default) or the
    /// published scheme of two half steps for v, meant for h = 1 ms.
    pub Izhikevich as "izhikevich" {
        parameters {
            a: 1 = 0.02;  b: 1 = 0.2;  c: 1 = -65.0;  d: 1 = 8.0;  I_e: 1 = 0.0;  V_th: 1 = 30.0;
            V_min: 1 = -1.7976931348623157e308 where inf;  consistent_integration: bool = true;
        }
        unsupported { ignore_and_spike: bool = false;  ignore_and_spike_interval: ms = 100.0;  ignore_and_spike_offset: ms = 1.0; }
        // U_m starts at 0.2 * V_m whatever b is (models/izhikevich.cpp).
        state { V_m: 1 = -65.0;  U_m: 1 = 0.2 * -65.0; }
        inputs { current I: 1;  spikes S: 1; }
        update if consistent_integration {
            let dt = h / 1.0ms;  let v_old = V_m;  let u_old = U_m;
            V_m += dt * (0.04 * v_old * v_old + 5.0 * v_old + 140.0 - u_old + I + I_e) + S;
            U_m += dt * a * (b * v_old - u_old);
        } else {
            let dt2 = h / 1.0ms;
            V_m += dt2 * 0.5 * (0.04 * V_m * V_m + 5.0 * V_m + 140.0 - U_m + I + I_e + S);
            V_m += dt2 * 0.5 * (0.04 * V_m * V_m + 5.0 * V_m + 140.0 - U_m + I + I_e + S);
            U_m += dt2 * a * (b * V_m - U_m);
        }
        bound V_m >= V_min;
        threshold V_m >= V_th;
        reset { V_m = c;  U_m += d; }
        notes { model: "NEST's izhikevich adds pA to mV per ms; its quantities are declared dimensionless here, with NEST's numbers (mV, ms, pA)."; }
    }
}
