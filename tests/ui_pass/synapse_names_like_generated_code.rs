//! A synapse whose names are those of the generated code's locals and fields: they never meet.
use saltatory::runtime::archive::PostHistory;
use saltatory::runtime::plastic::{PlasticRule, PreSpike};
use saltatory::synapse;

synapse! {
    /// Every name a generated local or field has.
    pub Names as "names_synapse" {
        parameters {
            entry: ms = 10.0 where > 0;  sent: 1 = 1.0;  t_last: 1 = 0.5;  first_spike: 1 = 2.0;
            post: 1 = 0.25;  delay: 1 = 3.0;  t_spike: 1 = 1.0;  st: 1 = 0.0;
        }
        state {
            vars: 1 = 0.0 decays exp(-dt / entry);
            state: 1 = 1.0;
            m_w: 1 = 0.0;
        }
        on post { w = w + post * vars + m_w; }
        on pre {
            let params = sent * t_last;
            vars += params;
            state = if first { state } else { state * first_spike };
            m_w += delay * t_spike + st;
            send w * state;
        }
    }
}

fn main() {
    let rule = NamesParams::default();
    let mut w = 1.0;
    let mut s = <NamesParams as PlasticRule>::State::default();
    let post = PostHistory::new(20.0, 110.0);
    let at = |t_spike| PreSpike { t_spike, delay: 1.0, post: &post, seed: 1 };
    assert_eq!(rule.on_pre(&mut w, &mut s, &at(1.0)), Some(1.0));
    assert_eq!(rule.on_pre(&mut w, &mut s, &at(2.0)), Some(2.0));
    assert_eq!((s.vars.state, s.vars.m_w), (2.0, 6.0));
}
