//! Right-hand sides for four neurons at once (the SIMD path of RKF45 models).
//!
//! An expression that depends only on parameters and constants ("uniform") is emitted as the
//! scalar kernel emits it, as an `f64`; one that depends on a neuron's state, inputs or
//! refractoriness ("varying") becomes a `Lanes` value. The tree is emitted fully
//! parenthesised, so every lane evaluates it in the scalar kernel's order, and conditions that
//! vary between neurons become selects of both branches (the branches have no side effects).
use crate::ir::{Cond, Ir, Op};
use crate::names::local;
use crate::print_rust::RustPrinter;
use crate::step::{ColumnId, Derivative, Step, Stmt};
use crate::typecheck::Analysed;
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

/// What the lanes update needs besides the step description: the scalar printer (which also
/// carries the model and its step), the types and the state's columns.
pub struct LaneParts<'a> {
    pub printer: &'a RustPrinter<'a>,
    pub cal_ty: &'a Ident,
    pub state_ty: &'a Ident,
    pub n_channels: &'a Literal,
    /// The state's columns: the locals holding their slices, and their paths from the state.
    pub all_cols: &'a [Ident],
    pub all_fields: &'a [TokenStream],
}

/// `__update_lanes`: the update of a range with four neurons integrated at once. A lane takes
/// the next neuron as soon as its neuron has finished the step, so lanes stay busy while
/// their neurons take different numbers of sub-steps; neurons of any parameter sets share the
/// lanes (each lane has its neuron's constants and tolerances). Everything outside the
/// integration runs per neuron, with the scalar kernel's statements. Spikes are appended as
/// neurons finish, which is out of neuron order (the simulator sorts them); the failure
/// reported is that of the first failing neuron, as the scalar update reports it.
pub fn update_lanes(p: &LaneParts) -> TokenStream {
    let LaneParts {
        printer,
        cal_ty,
        state_ty,
        n_channels,
        all_cols,
        all_fields,
    } = p;
    let (a, step, rt) = (printer.a, printer.step, printer.rt);
    let at = step
        .body
        .iter()
        .position(|s| matches!(s, Stmt::Integrate { .. }))
        .expect("an RKF45 step integrates");
    let Stmt::Integrate { after_substep } = &step.body[at] else {
        unreachable!("found above")
    };
    // Per neuron: before the integration (loads), after each accepted sub-step, and after it.
    let (pre, events, post) = (
        printer.stmts(&step.body[..at]),
        printer.stmts(after_substep),
        printer.stmts(&step.body[at + 1..]),
    );
    let carried = printer.carried(&step.body[..at]);
    let state_names: Vec<Ident> = a.states.iter().map(|s| local(&s.name)).collect();
    let input_locals: Vec<Ident> = a.currents.iter().map(|c| local(&c.name)).collect();
    let col_h = crate::print_rust::col(&step.columns[step.column(ColumnId::IntegrationStep)]);
    let leaf = |x: &Ir| printer.leaf(x);
    // The right-hand side when all lanes share one parameter set (`cal`), and when they do not
    // (`lanes_param_<p>`).
    let (alias_lets, derivatives, params) = right_hand_side(a, step, &leaf, false, rt);
    let (mixed_alias_lets, mixed_derivatives, _) = right_hand_side(a, step, &leaf, true, rt);
    let signature = crate::emit::update_signature("__update_lanes", cal_ty, state_ty, rt);
    let (lanes_n, lanes_ty, mask_ty) = (
        quote!(#rt::lanes::LANES),
        quote!(#rt::lanes::Lanes),
        quote!(#rt::lanes::Mask),
    );
    let nx = Literal::usize_unsuffixed(state_names.len());
    let state_idx: Vec<Literal> = (0..state_names.len())
        .map(Literal::usize_unsuffixed)
        .collect();
    // Per-lane arrays of the carried locals (`carried_<local>`); the lanes kernel's own locals
    // start with `lane_` or `lanes_`, and declared names are `m_<name>` (crate::names).
    let lane = |n: &Ident| format_ident!("carried_{}", n);
    let carried_ty: Vec<&TokenStream> = carried.iter().map(|c| &c.1).collect();
    let carried: Vec<&Ident> = carried.iter().map(|c| &c.0).collect();
    let lane_carried: Vec<Ident> = carried.iter().map(|n| lane(n)).collect();
    let lane_input_arrays: Vec<Ident> = input_locals.iter().map(lane).collect();
    let lane_params: Vec<Ident> = params
        .iter()
        .map(|n| format_ident!("lanes_param_{}", n))
        .collect();
    let refractory_now = if a.refractory.is_some() {
        quote!(carried_refractory[lane] > 0)
    } else {
        quote!(false)
    };
    // One sub-step of the active lanes with a right-hand side.
    let sub_step = |lets: &[TokenStream], derivatives: &[TokenStream]| {
        quote!(
            let mut rhs = |y: &[#lanes_ty; #nx]| -> [#lanes_ty; #nx] {
                let [#(#state_names),*] = *y;
                #(let #input_locals = #lanes_ty(#lane_input_arrays);)*
                #(#lets)*
                [#(#derivatives),*]
            };
            #rt::rkf45::evolve_apply_lanes(
                &mut rhs, &lanes_tolerances, &mut lanes_t, grid_h, &mut lanes_h,
                &mut lanes_state, lanes_active, &mut lanes_last,
            );
        )
    };
    let one_set = sub_step(&alias_lets, &derivatives);
    let mixed = sub_step(&mixed_alias_lets, &mixed_derivatives);
    quote!(
        #[inline(always)]
        #[allow(non_snake_case, unused_variables, unused_mut, unused_assignments, clippy::needless_range_loop, clippy::redundant_closure_call, clippy::ptr_arg)]
        #signature {
            let lanes_range_start = range.start;
            let lanes_range_end = range.end;
            if lanes_range_start == lanes_range_end {
                return Ok(());
            }
            // Every parameter set has the same resolution.
            let grid_h = calibrated[group_of[lanes_range_start] as usize].step.h;
            #(let #all_cols = &mut st.#all_fields[..lanes_range_end];)*
            // What each lane holds: its neuron, the neuron's constants and locals, its place in
            // the step.
            let mut lane_neuron = [usize::MAX; #lanes_n];
            let mut lane_cal = [&calibrated[group_of[lanes_range_start] as usize]; #lanes_n];
            let mut lanes_tolerances = #rt::rkf45::Tolerances::<#lanes_ty>::default();
            #(let mut #lane_params = #lanes_ty::splat(0.0);)*
            #(let mut #lane_carried: [#carried_ty; #lanes_n] = ::core::default::Default::default();)*
            let mut lanes_state = [#lanes_ty::splat(0.0); #nx];
            let mut lanes_t = #lanes_ty::splat(0.0);
            let mut lanes_h = #lanes_ty::splat(0.0);
            let mut lane_first_substep = [true; #lanes_n];
            let mut lanes_last = #rt::rkf45::LaneLast::<#nx>::default();
            let mut last_refractory = [false; #lanes_n];
            let mut lanes_failure: Option<#rt::Failure> = None;
            let mut lanes_next = lanes_range_start;
            loop {
                // Free lanes take the next neurons: before the integration, per neuron.
                for lane in 0..#lanes_n {
                    if lane_neuron[lane] != usize::MAX || lanes_next == lanes_range_end {
                        continue;
                    }
                    let neuron = lanes_next;
                    lanes_next += 1;
                    lane_neuron[lane] = neuron;
                    let cal = &calibrated[group_of[neuron] as usize];
                    lane_cal[lane] = cal;
                    lanes_tolerances.set_lane(lane, &cal.step.control);
                    #(#lane_params.0[lane] = cal.params.#params;)*
                    let inp = &mut inputs[(neuron - lanes_range_start) * #n_channels..(neuron - lanes_range_start + 1) * #n_channels];
                    #pre
                    #(lanes_state[#state_idx].0[lane] = #state_names;)*
                    #(#lane_carried[lane] = #carried;)*
                    let lane_h = #col_h[neuron];
                    // NEST starts the carried step at the resolution.
                    lanes_h.0[lane] = if lane_h <= 0.0 { grid_h } else { lane_h };
                    lanes_t.0[lane] = 0.0;
                    lane_first_substep[lane] = true;
                    lanes_last.valid[lane] = false;
                    last_refractory[lane] = false;
                }
                let lanes_active = lane_neuron.map(|n| n != usize::MAX);
                if !lanes_active.contains(&true) {
                    break;
                }
                let mut lanes_refractory_now = [false; #lanes_n];
                for lane in 0..#lanes_n {
                    lanes_refractory_now[lane] = #refractory_now;
                    if lanes_refractory_now[lane] != last_refractory[lane] {
                        lanes_last.valid[lane] = false;
                        last_refractory[lane] = lanes_refractory_now[lane];
                    }
                }
                let is_refractory_now = #mask_ty(lanes_refractory_now);
                // The right-hand side reads the parameters as scalars when the active lanes
                // share one set (the common case, and faster), else one per lane.
                let lanes_first = lanes_active.iter().position(|&a| a).unwrap_or(0);
                let lanes_one_set = (0..#lanes_n).all(|lane| {
                    !lanes_active[lane] || ::core::ptr::eq(lane_cal[lane], lane_cal[lanes_first])
                });
                if lanes_one_set {
                    let cal = lane_cal[lanes_first];
                    #one_set
                } else {
                    #mixed
                }
                // After the sub-step, per neuron; a neuron at the end of the step (or failed)
                // finishes it and leaves its lane.
                for lane in 0..#lanes_n {
                    if !lanes_active[lane] {
                        continue;
                    }
                    let neuron = lane_neuron[lane];
                    let cal = lane_cal[lane];
                    #(let mut #state_names = lanes_state[#state_idx].0[lane];)*
                    #(let mut #carried = #lane_carried[lane];)*
                    let mut first_substep = lane_first_substep[lane];
                    let lane_outcome = (|| -> ::core::result::Result<(), #rt::Failure> {
                        let substep_state = [#(#state_names),*];
                        #events
                        Ok(())
                    })();
                    match lane_outcome {
                        Err(lane_failure) => {
                            if !lanes_failure.is_some_and(|lanes_earlier| lanes_earlier.neuron < lane_failure.neuron) {
                                lanes_failure = Some(lane_failure);
                            }
                            lane_neuron[lane] = usize::MAX;
                        }
                        Ok(()) if lanes_t.0[lane] < grid_h => {
                            #(lanes_state[#state_idx].0[lane] = #state_names;)*
                            #(#lane_carried[lane] = #carried;)*
                            lane_first_substep[lane] = first_substep;
                        }
                        Ok(()) => {
                            // After the integration, per neuron.
                            #col_h[neuron] = lanes_h.0[lane];
                            let inp = &mut inputs[(neuron - lanes_range_start) * #n_channels..(neuron - lanes_range_start + 1) * #n_channels];
                            #post
                            lane_neuron[lane] = usize::MAX;
                        }
                    }
                }
            }
            match lanes_failure {
                Some(lane_failure) => Err(lane_failure),
                None => Ok(()),
            }
        }
    )
}

/// The right-hand side for lanes: the `let`s of the auxiliary definitions, the derivative of
/// every state variable (a held variable's is 0 in refractory lanes), as `Lanes`, and the
/// parameters it reads. With `per_lane_params`, for lanes holding neurons of different
/// parameter sets, a parameter `p` is the `Lanes` value `lanes_param_p`, which the update
/// fills as lanes take neurons; otherwise it is `cal.p` of the one set all lanes share.
fn right_hand_side(
    a: &Analysed,
    step: &Step,
    leaf: &dyn Fn(&Ir) -> TokenStream,
    per_lane_params: bool,
    rt: &TokenStream,
) -> (Vec<TokenStream>, Vec<TokenStream>, Vec<Ident>) {
    let param = |i: usize| format_ident!("lanes_param_{}", a.params[i].name);
    let lane_leaf = |x: &Ir| match x {
        Ir::Param(i) if per_lane_params => {
            let p = param(*i);
            quote!(#p)
        }
        other => leaf(other),
    };
    // Whether a name differs between neurons; an alias does when its definition does.
    let varying_leaf = |av: &[bool], x: &Ir| match x {
        Ir::Alias(j) => av[*j],
        Ir::State(_) | Ir::Current(_) | Ir::Old(_) | Ir::Summed(_) => true,
        Ir::Param(_) => per_lane_params,
        Ir::Num(_)
        | Ir::Weight
        | Ir::H
        | Ir::Neg(_)
        | Ir::Bin(..)
        | Ir::Call(..)
        | Ir::Scale(..)
        | Ir::Select(..) => false,
    };
    let used = std::cell::RefCell::new(Vec::new());
    let note_params = |ir: &Ir| {
        ir.mentions(&|x| {
            if let Ir::Param(i) = x {
                if !used.borrow().contains(i) {
                    used.borrow_mut().push(*i);
                }
            }
            false
        });
    };
    let mut alias_varying = Vec::new();
    let mut alias_lets = Vec::new();
    for (n, ir) in &a.aliases {
        note_params(ir);
        let (t, v) = lane_expr(ir, &lane_leaf, &|x| varying_leaf(&alias_varying, x), rt);
        alias_varying.push(v);
        let n = local(n);
        alias_lets.push(quote!(let #n = #t;));
    }
    let zero = quote!(#rt::lanes::Lanes::splat(0.0));
    let derivatives = step
        .derivatives
        .iter()
        .flatten()
        .map(|d| match d {
            Derivative::Zero => zero.clone(),
            Derivative::Rhs { rhs, held } => {
                note_params(rhs);
                let e = lane_expr(rhs, &lane_leaf, &|x| varying_leaf(&alias_varying, x), rt);
                let e = splat(e, rt);
                if *held {
                    quote!(#rt::lanes::Lanes::select(is_refractory_now, #zero, #e))
                } else {
                    e
                }
            }
        })
        .collect();
    let params = used
        .into_inner()
        .into_iter()
        .map(|i| a.params[i].name.clone())
        .collect();
    (alias_lets, derivatives, params)
}

/// The choice between the lanes and the scalar update at the start of `Model::update`, and
/// `__update_lanes` compiled for AVX2.
///
/// The stepper and control are inlined into the AVX2 function; the right-hand side closure is
/// a function of its own and keeps the baseline target. Compiled for AVX2 it ran slower, since
/// every vector register is saved around its per-lane libm calls (benches/RESULTS.md).
pub fn dispatch(cal_ty: &Ident, state_ty: &Ident, rt: &TokenStream) -> (TokenStream, TokenStream) {
    let args = crate::emit::update_arguments();
    let avx2 = crate::emit::update_signature("__update_lanes_avx2", cal_ty, state_ty, rt);
    (
        quote!(if ctx.lanes {
            #[cfg(target_arch = "x86_64")]
            {
                if ::std::arch::is_x86_feature_detected!("avx2") {
                    // SAFETY: the CPU has AVX2, the only feature the function enables.
                    return unsafe { Self::__update_lanes_avx2(#args) };
                }
            }
            return Self::__update_lanes(#args);
        }),
        quote!(
            /// `__update_lanes` compiled for AVX2.
            #[cfg(target_arch = "x86_64")]
            #[target_feature(enable = "avx2")]
            #[allow(clippy::ptr_arg)]
            unsafe #avx2 {
                Self::__update_lanes(#args)
            }
        ),
    )
}

/// Emits `ir` for lanes. `leaf` gives the tokens of names (as the scalar kernel does) and
/// `varying` says which of them differ between neurons. Returns the tokens and whether the
/// value is a `Lanes`.
fn lane_expr(
    ir: &Ir,
    leaf: &dyn Fn(&Ir) -> TokenStream,
    varying: &dyn Fn(&Ir) -> bool,
    rt: &TokenStream,
) -> (TokenStream, bool) {
    let sub = |e: &Ir| lane_expr(e, leaf, varying, rt);
    match ir {
        Ir::Num(v) => (crate::emit::lit_f64(*v), false),
        Ir::Neg(a) => {
            let (a, va) = sub(a);
            (quote!((-#a)), va)
        }
        Ir::Bin(op, a, b) => {
            let ((a, va), (b, vb)) = (sub(a), sub(b));
            let t = match op {
                Op::Add => quote!((#a + #b)),
                Op::Sub => quote!((#a - #b)),
                Op::Mul => quote!((#a * #b)),
                Op::Div => quote!((#a / #b)),
            };
            (t, va || vb)
        }
        Ir::Scale(k, a) => {
            let (a, va) = sub(a);
            let p = crate::emit::lit_f64(10f64.powi(k.abs()));
            let t = if *k > 0 {
                quote!((#a * #p))
            } else {
                quote!((#a / #p))
            };
            (t, va)
        }
        Ir::Call(f, args) => {
            let args: Vec<(TokenStream, bool)> = args.iter().map(sub).collect();
            let m = format_ident!("{}", f.method());
            if args.iter().any(|a| a.1) {
                let args = args.into_iter().map(|a| splat(a, rt));
                (quote!(#rt::lanes::Lanes::#m(#(#args),*)), true)
            } else {
                (f.rust_call(args.into_iter().map(|a| a.0).collect()), false)
            }
        }
        Ir::Select(cond, a, b) => {
            let (a, b) = (sub(a), sub(b));
            let (c, vc) = match &**cond {
                Cond::Refractory => (quote!(is_refractory_now), true),
                // Synapse rules have no lanes kernel.
                Cond::First => (quote!(first_spike), false),
                Cond::Cmp(op, l, r) => {
                    let (l, r) = (sub(l), sub(r));
                    if l.1 || r.1 {
                        let m = format_ident!(
                            "{}",
                            match op {
                                crate::ir::Cmp::Lt => "lt",
                                crate::ir::Cmp::Le => "le",
                                crate::ir::Cmp::Gt => "gt",
                                crate::ir::Cmp::Ge => "ge",
                            }
                        );
                        let (l, r) = (splat(l, rt), splat(r, rt));
                        (quote!(#rt::lanes::Lanes::#m(#l, #r)), true)
                    } else {
                        let op = crate::emit::cmp_tokens(*op);
                        let (l, r) = (l.0, r.0);
                        (quote!(#l #op #r), false)
                    }
                }
            };
            if vc {
                let (a, b) = (splat(a, rt), splat(b, rt));
                (quote!(#rt::lanes::Lanes::select(#c, #a, #b)), true)
            } else if a.1 || b.1 {
                let (a, b) = (splat(a, rt), splat(b, rt));
                (quote!((if #c { #a } else { #b })), true)
            } else {
                let (a, b) = (a.0, b.0);
                (quote!((if #c { #a } else { #b })), false)
            }
        }
        Ir::Param(_)
        | Ir::State(_)
        | Ir::Current(_)
        | Ir::Weight
        | Ir::H
        | Ir::Alias(_)
        | Ir::Old(_)
        | Ir::Summed(_) => (leaf(ir), varying(ir)),
    }
}

/// The value as a `Lanes` (a uniform value in every lane).
fn splat((t, varying): (TokenStream, bool), rt: &TokenStream) -> TokenStream {
    if varying {
        t
    } else {
        quote!(#rt::lanes::Lanes::splat(#t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Cmp, Func};

    fn emit(ir: &Ir) -> (String, bool) {
        let leaf = |x: &Ir| match x {
            Ir::Param(_) => quote!(cal.p),
            Ir::State(_) => quote!(v),
            _ => quote!(other),
        };
        let varying = |x: &Ir| matches!(x, Ir::State(_));
        let (t, v) = lane_expr(ir, &leaf, &varying, &quote!(rt));
        (t.to_string(), v)
    }

    #[test]
    fn uniform_parts_stay_scalar_and_varying_ones_become_lanes() {
        let p = || Ir::Param(0);
        let v = || Ir::State(0);
        // exp(p) * v: the exponential of a parameter is computed once, as a scalar.
        let e = Ir::bin(Op::Mul, Ir::Call(Func::Exp, vec![p()]), v());
        assert_eq!(emit(&e), ("(f64 :: exp (cal . p) * v)".into(), true));
        // min(v, p): the parameter is splat to meet the lanes.
        let m = Ir::Call(Func::Min, vec![v(), p()]);
        assert_eq!(
            emit(&m).0,
            "rt :: lanes :: Lanes :: min (v , rt :: lanes :: Lanes :: splat (cal . p))"
        );
        // A condition on parameters stays a branch; one on the state becomes a select.
        let on_param = Ir::Select(
            Box::new(Cond::Cmp(Cmp::Gt, p(), Ir::Num(0.0))),
            Box::new(v()),
            Box::new(Ir::Num(0.0)),
        );
        let (t, lanes) = emit(&on_param);
        assert!(t.starts_with("(if cal . p > 0.0"), "{t}");
        assert!(lanes);
        let on_state = Ir::Select(Box::new(Cond::Refractory), Box::new(p()), Box::new(v()));
        let (t, lanes) = emit(&on_state);
        assert!(t.contains("Lanes :: select (is_refractory_now"), "{t}");
        assert!(lanes);
        assert_eq!(emit(&Ir::Neg(Box::new(p()))), ("(- cal . p)".into(), false));
    }
}
