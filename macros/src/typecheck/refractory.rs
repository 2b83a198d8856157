//! Analysis of refractoriness: its duration, held variables and deferred input.

use super::*;

/// `refractory DURATION { hold ..; defer ..; remaining ..; }`.
pub(super) fn refractory(ctx: &mut Ctx, m: &ModelDef) -> Option<Refractory> {
    m.refractory.as_ref().and_then(|r| {
        let scope = Scope {
            params: true,
            ..Scope::default()
        };
        let duration = ctx.expect(
            &r.duration,
            scope,
            Unit::MS,
            "ms",
            "the refractory period",
            false,
        );
        let holds: Vec<usize> = r.holds.iter().filter_map(|h| ctx.state_index(h)).collect();
        let hold_for = r.hold_for.as_ref().and_then(|e| {
            if let Some(d) = &r.defer {
                ctx.errors.at(
                    &d.var,
                    "input kept during refractoriness is added when the whole period ends: it cannot be combined with `hold .. for`",
                );
            }
            let part = ctx.expect(e, scope, Unit::MS, "ms", "the time variables are held", false);
            Some((part?, quote::ToTokens::to_token_stream(e)))
        });
        let defer = r.defer.as_ref().and_then(|d| {
            let state = ctx.state_index(&d.var)?;
            if !holds.contains(&state) {
                ctx.errors.at(
                    &d.var,
                    format!(
                        "`{}` is not held during refractoriness, so its input needs no deferral",
                        d.var
                    ),
                );
            }
            let tau = ctx.expect(
                &d.tau,
                scope,
                Unit::MS,
                "ms",
                "the decay time of deferred input",
                false,
            );
            let switch = ctx
                .params
                .iter()
                .position(|p| p.name == d.switch && p.unit.is_none());
            if switch.is_none() {
                ctx.errors.at(
                    &d.switch,
                    format!(
                        "`{}` must be a declared switch (`name: bool = false;`)",
                        d.switch
                    ),
                );
            }
            Some(Defer {
                state,
                tau: tau?,
                switch: switch?,
            })
        });
        let mut text = format!("refractory for {}", expr_text(&r.duration));
        if !r.holds.is_empty() {
            let held: Vec<String> = r.holds.iter().map(|h| h.to_string()).collect();
            text.push_str(&format!(": hold {}", held.join(", ")));
            if let Some(e) = &r.hold_for {
                text.push_str(&format!(" for {}", expr_text(e)));
            }
        }
        if let Some(d) = &r.defer {
            text.push_str(&format!(
                "; input to {} kept, decaying with {}, if {}",
                d.var,
                expr_text(&d.tau),
                d.switch
            ));
        }
        Some(Refractory {
            duration: duration?,
            holds,
            hold_for,
            defer,
            text,
        })
    })
}
