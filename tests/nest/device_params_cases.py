"""The cases of tests/nest/device_params.py: for every parameter of every stimulation device,
values NEST accepts and values it refuses, and the values saltatory refuses on purpose."""

RESOLUTION = 0.1

NAN = float("nan")
INF = float("inf")

# Why saltatory refuses, on purpose, what NEST accepts.
WHY = {
    "nan": "saltatory refuses NaN",
    "inf": "saltatory refuses an infinite value where the device needs a finite one",
    "unsupported": "saltatory supports only NEST's default of this parameter",
    "multiplicity": "saltatory's spike multiplicities are counts (>= 0)",
    "lengths": "saltatory refuses lists of different lengths (NEST keeps them and reads past the end)",
    "unknown": "saltatory refuses names the device does not have (NEST 3.10's spike_dilutor ignores them)",
}


class Differs:
    """A value that saltatory refuses on purpose although NEST accepts it."""

    def __init__(self, value, why):
        assert why in WHY
        self.value = value
        self.why = why


def D(value, why=None):
    """`value`, refused by saltatory on purpose: by default for being NaN or infinite."""
    if why is None:
        why = "nan" if value != value else "inf"
    return Differs(value, why)


# The cases: (model, parameter, values, context). Each value makes one case
# {parameter: value} merged over the context dictionary.

def any_number(unit_value):
    """A parameter NEST takes any number for (no check)."""
    return [unit_value, -unit_value, 0, True, D(NAN), D(INF), D(-INF)]


PARAMS = [
    ("dc_generator", "amplitude", any_number(1.5) + ["x"], {}),
    ("ac_generator", "amplitude", any_number(2.5), {}),
    ("ac_generator", "offset", any_number(2.5) + ["x"], {}),
    ("ac_generator", "frequency", any_number(10.0), {}),
    ("ac_generator", "phase", any_number(720.0), {}),
    ("step_current_generator", "allow_offgrid_times", [True, False, 1, 1.0], {}),
    ("step_rate_generator", "allow_offgrid_times", [True, False, 1, 1.0], {}),
    ("noise_generator", "mean", any_number(1.5), {}),
    ("noise_generator", "std", [0.0, 2.0, 2, -1.0, -1e-300, D(NAN), D(INF), "x"], {}),
    ("noise_generator", "std_mod", [0.0, 1.0, 2.0, 2.5, -0.5, D(NAN), INF], {"std": 2.0}),
    ("noise_generator", "std_mod", [1.0], {}),
    ("noise_generator", "frequency", any_number(10.0), {"std": 1.0, "std_mod": 0.5}),
    ("noise_generator", "phase", any_number(90.0), {"std": 1.0, "std_mod": 0.5}),
    ("noise_generator", "dt", [0.1, 0.5, 1, True, 0.1000004, 0.15, 0.0, -0.1, INF, NAN, 1e300, "x"],
     {"std": 1.0}),
    ("poisson_generator", "rate", [0.0, 10.5, 100, 1e5, -0.0, -1.0, -1e-300, D(NAN), D(INF), "x"], {}),
    ("spike_generator", "spike_times",
     [[1.0, 2.0], [], [1, 2], [1.0, 1.0], [1.0004], [0.0004], [-0.0004],
      [2.0, 1.0], [0.0], [-1.0], [1.05], [1.0006], [INF], [NAN], 1.0], {}),
    ("spike_generator", "spike_times",
     [[1.05], [1.01, 1.05], [-1.0], [INF], [1.05, 1.01], D([NAN])], {"allow_offgrid_times": True}),
    ("spike_generator", "spike_weights",
     [[0.5], [2], [-1.0], [], [1.0, 2.0], D([NAN]), D([INF]), 1.0], {"spike_times": [1.0]}),
    ("spike_generator", "spike_weights", [[1.0]], {}),
    ("spike_generator", "spike_multiplicities",
     [[2], [0], D([-1], "multiplicity"), [1.5], [], [1, 2], 2], {"spike_times": [1.0]}),
    ("spike_generator", "allow_offgrid_times", [True, False, 1], {}),
    ("spike_generator", "precise_times", [False, D(True, "unsupported"), 1], {}),
    ("spike_generator", "precise_times", [True], {"allow_offgrid_times": True}),
    ("spike_generator", "precise_times", [True], {"shift_now_spikes": True}),
    ("spike_generator", "shift_now_spikes", [False, D(True, "unsupported"), 0], {}),
    ("spike_generator", "shift_now_spikes", [D(True, "unsupported")], {"spike_times": [0.0]}),
    ("sinusoidal_poisson_generator", "rate", any_number(10.0), {}),
    ("sinusoidal_poisson_generator", "amplitude", any_number(5.0), {"rate": 10.0}),
    ("sinusoidal_poisson_generator", "frequency", any_number(10.0), {"rate": 10.0}),
    ("sinusoidal_poisson_generator", "phase", any_number(90.0), {"rate": 10.0}),
    ("sinusoidal_poisson_generator", "individual_spike_trains", [True, False, 1], {}),
    ("inhomogeneous_poisson_generator", "allow_offgrid_times", [True, False, 1], {}),
    ("pulsepacket_generator", "activity", [0, 5, -1, 2.5, True, "x"], {"pulse_times": [2.0]}),
    ("pulsepacket_generator", "sdev", [0.0, 1.5, 2, -1.0, D(NAN), D(INF)],
     {"pulse_times": [2.0], "activity": 3}),
    ("pulsepacket_generator", "pulse_times",
     [[5.0, 1.0], [], [-1.0], [1.05], [3], [INF], [-INF], D([NAN]), 5.0], {"activity": 2}),
    ("mip_generator", "rate", [0.0, 100.0, 100, -1.0, D(NAN), D(INF), "x"], {}),
    ("mip_generator", "p_copy", [0.0, 0.5, 1, 1.0, -0.1, 1.1, D(NAN), INF], {"rate": 100.0}),
    ("gamma_sup_generator", "gamma_shape", [1, 3, 0, -1, 2.0, True], {"rate": 50.0}),
    ("gamma_sup_generator", "rate", [0.0, 50.0, 50, -1.0, D(NAN), D(INF)], {}),
    ("gamma_sup_generator", "n_proc", [1, 10, 0, -3, 1.5], {"rate": 50.0}),
    ("ppd_sup_generator", "rate", [0.0, 50.0, 50, -1.0, D(NAN), INF], {}),
    ("ppd_sup_generator", "dead_time", [0.0, 2.5, 3, -1.0, NAN, INF], {"rate": 50.0}),
    ("ppd_sup_generator", "dead_time", [NAN], {}),
    ("ppd_sup_generator", "n_proc", [1, 4, 0, -5, 2.0], {"rate": 50.0}),
    ("ppd_sup_generator", "frequency", any_number(10.0), {"rate": 50.0}),
    ("ppd_sup_generator", "relative_amplitude", [0.0, 0.5, 1, -0.1, 1.5, D(NAN), INF],
     {"rate": 50.0, "frequency": 10.0}),
    ("spike_dilutor", "p_copy", [0.0, 0.3, 1, -0.1, 1.5, D(NAN), INF, "x"], {}),
    ("sinusoidal_gamma_generator", "rate", [0.0, 10.0, 10, -1.0, NAN, D(INF)], {}),
    ("sinusoidal_gamma_generator", "amplitude", [0.0, 5.0, 10.0, 11.0, -1.0, NAN, INF],
     {"rate": 10.0}),
    ("sinusoidal_gamma_generator", "amplitude", [1.0], {}),
    ("sinusoidal_gamma_generator", "frequency", any_number(5.0), {"rate": 10.0, "amplitude": 5.0}),
    ("sinusoidal_gamma_generator", "phase", any_number(90.0), {"rate": 10.0, "amplitude": 5.0}),
    ("sinusoidal_gamma_generator", "order", [1.0, 2.5, 3, 0.99, 0.0, -1.0, NAN, INF],
     {"rate": 10.0}),
    ("sinusoidal_gamma_generator", "individual_spike_trains", [True, False], {}),
]

# Lists that go together: (model, parameter, {times, values, ...}) cases given whole.
TIMED = [
    ("step_current_generator", "amplitude_times", "amplitude_values", [
        ([1.0, 2.0], [1.0, -1.0], {}), ([], [], {}), ([1, 2], [1, 2], {}),
        ([1.0004], [1.0], {}), ([0.0004], [1.0], {}), ([0.0], [1.0], {}), ([-1.0], [1.0], {}),
        ([2.0, 1.0], [1.0, 2.0], {}), ([1.0, 1.0], [1.0, 2.0], {}), ([1.05], [1.0], {}),
        ([1.05], [1.0], {"allow_offgrid_times": True}),
        ([1.0, 1.02], [1.0, 2.0], {"allow_offgrid_times": True}),
        ([1.02, 1.1], [1.0, 2.0], {"allow_offgrid_times": True}),
        ([INF], [1.0], {}), ([INF], [1.0], {"allow_offgrid_times": True}),
        ([NAN], [1.0], {}), ([NAN], [1.0], {"allow_offgrid_times": True}),
        ([1.0], [], {}), ([], [1.0], {}), (5.0, [1.0], {}),
    ]),
    ("step_current_generator", "amplitude_values", "amplitude_times", [
        ([1.0], [1.0], {}), ([D(NAN)], [1.0], {}), ([D(INF)], [1.0], {}), ([1.0, 2.0], [1.0], {}),
        ("x", [1.0], {}),
    ]),
    ("step_rate_generator", "amplitude_times", "amplitude_values", [
        ([1.0, 2.0], [1.0, -1.0], {}), ([], [], {}), ([1, 2], [1, 2], {}),
        ([1.0004], [1.0], {}), ([0.0], [1.0], {}), ([-1.0], [1.0], {}),
        ([2.0, 1.0], [1.0, 2.0], {}), ([1.0, 1.0], [1.0, 2.0], {}), ([1.05], [1.0], {}),
        ([1.05], [1.0], {"allow_offgrid_times": True}),
        ([1.0, 1.02], [1.0, 2.0], {"allow_offgrid_times": True}),
        ([INF], [1.0], {}), ([NAN], [1.0], {}),
        ([1.0], [], {}), ([], [1.0], {}), (5.0, [1.0], {}),
    ]),
    ("step_rate_generator", "amplitude_values", "amplitude_times", [
        ([1.0], [1.0], {}), ([D(NAN)], [1.0], {}), ([D(INF)], [1.0], {}), ([1.0, 2.0], [1.0], {}),
        ("x", [1.0], {}),
    ]),
    ("inhomogeneous_poisson_generator", "rate_times", "rate_values", [
        ([1.0, 2.0], [10.0, 0.0], {}), ([], [], {}), ([1, 2], [5, 5], {}),
        ([0.0004], [1.0], {}), ([0.0], [1.0], {}), ([-1.0], [1.0], {}),
        ([2.0, 1.0], [1.0, 2.0], {}), ([1.0, 1.0], [1.0, 2.0], {}), ([1.05], [1.0], {}),
        ([1.05], [1.0], {"allow_offgrid_times": True}),
        ([1.01, 1.05], [1.0, 2.0], {"allow_offgrid_times": True}),
        ([INF], [1.0], {}), ([INF], [1.0], {"allow_offgrid_times": True}),
        ([NAN], [1.0], {}), (D([NAN]), [1.0], {"allow_offgrid_times": True}),
        ([1.0], [], {}), 5.0,
    ]),
    ("inhomogeneous_poisson_generator", "rate_values", "rate_times", [
        ([1.0], [1.0], {}), ([-5.0], [1.0], {}), ([D(NAN)], [1.0], {}), ([D(INF)], [1.0], {}),
        ([1.0, 2.0], [1.0], {}), (D([1.0], "lengths"), [], {}),
    ]),
]

# Cases given whole: (model, params, param, extra keys).
WHOLE = [
    ("step_current_generator", {"amplitude_times": [1.0]}, "amplitude_times", {}),
    ("step_rate_generator", {"amplitude_times": [1.0]}, "amplitude_times", {}),
    ("step_rate_generator", {"amplitude_times": [1.0], "amplitude_values": [1.0]},
     "amplitude_times", {"then": {"amplitude_times": [2.0]}}),
    ("step_rate_generator", {"amplitude_times": [1.0], "amplitude_values": [1.0]},
     "allow_offgrid_times", {"then": {"allow_offgrid_times": False}}),
    ("step_current_generator", {"amplitude_values": [1.0]}, "amplitude_values", {}),
    ("inhomogeneous_poisson_generator", {"rate_times": [1.0]}, "rate_times", {}),
    ("inhomogeneous_poisson_generator", {"rate_values": [1.0]}, "rate_values", {}),
    ("noise_generator", {"dt": 0.5}, "dt", {"resolution": 1.0}),
    ("noise_generator", {"dt": 0.75}, "dt", {"resolution": 0.25}),
    ("spike_generator", {"spike_times": [1.5]}, "spike_times", {"resolution": 1.0}),
    ("spike_generator", {"spike_times": [-1.0]}, "spike_times", {"resolution": 0.001}),
    ("ppd_sup_generator", {"rate": 100.0, "dead_time": 10.0}, "rate", {}),
    ("ppd_sup_generator", {"rate": 99.0, "dead_time": 10.0}, "rate", {}),
    ("ppd_sup_generator", {"rate": 10.0, "dead_time": INF}, "dead_time", {}),
    # SetStatus after Create: which entries must come together.
    ("step_current_generator", {"amplitude_times": [1.0], "amplitude_values": [1.0]},
     "allow_offgrid_times", {"then": {"allow_offgrid_times": False}}),
    ("step_current_generator", {"amplitude_times": [1.0], "amplitude_values": [1.0]},
     "amplitude_times", {"then": {"amplitude_times": [2.0]}}),
    ("step_current_generator", {"amplitude_times": [1.0], "amplitude_values": [1.0]},
     "amplitude_values", {"then": {"amplitude_values": [2.0]}}),
    ("step_current_generator", {"amplitude_times": [1.0], "amplitude_values": [1.0]},
     "amplitude_times", {"then": {"amplitude_times": [1.05], "amplitude_values": [2.0],
                                  "allow_offgrid_times": True}}),
    ("inhomogeneous_poisson_generator", {"rate_times": [1.0], "rate_values": [5.0]},
     "allow_offgrid_times", {"then": {"allow_offgrid_times": True}}),
    ("inhomogeneous_poisson_generator", {"rate_times": [1.0], "rate_values": [5.0]},
     "allow_offgrid_times", {"then": {"allow_offgrid_times": False}}),
    ("inhomogeneous_poisson_generator", {"rate_times": [1.0], "rate_values": [5.0]},
     "rate_times", {"then": {"rate_times": [2.0], "rate_values": [1.0]}}),
    ("spike_generator", {"spike_times": [1.0]}, "allow_offgrid_times",
     {"then": {"allow_offgrid_times": False}}),
    ("spike_generator", {"spike_times": [1.0]}, "precise_times",
     {"then": {"precise_times": False}}),
    ("spike_generator", {"spike_times": [1.0]}, "allow_offgrid_times",
     {"then": {"allow_offgrid_times": True, "spike_times": [1.05]}}),
    ("spike_generator", {"spike_times": [1.0], "spike_weights": [2.0]}, "spike_times",
     {"then": {"spike_times": [1.0, 2.0]}, "saltatory": "lengths"}),
    ("spike_generator", {"spike_times": [1.0], "spike_weights": [2.0]}, "spike_weights",
     {"then": {"spike_times": [1.0, 2.0], "spike_weights": [2.0, 3.0]}}),
    ("spike_generator", {"spike_times": [1.0]}, "spike_weights",
     {"then": {"spike_weights": [2.0, 3.0]}}),
    # SetDefaults: the only way NEST sets individual_spike_trains.
    ("sinusoidal_poisson_generator", {"rate": 10.0}, "individual_spike_trains",
     {"defaults": {"individual_spike_trains": False}}),
    ("sinusoidal_poisson_generator", {}, "individual_spike_trains",
     {"defaults": {"individual_spike_trains": 1}}),
    ("sinusoidal_gamma_generator", {"rate": 10.0}, "individual_spike_trains",
     {"defaults": {"individual_spike_trains": False}}),
    ("poisson_generator", {}, "rate", {"defaults": {"rate": -1.0}}),
]

MODELS = [
    "dc_generator", "ac_generator", "step_current_generator", "noise_generator",
    "step_rate_generator", "poisson_generator", "spike_generator", "sinusoidal_poisson_generator",
    "inhomogeneous_poisson_generator", "pulsepacket_generator", "mip_generator",
    "gamma_sup_generator", "ppd_sup_generator", "spike_dilutor", "sinusoidal_gamma_generator",
]

# The window: every value on two devices (a current and a spike generator), a few on the rest.
WINDOW_FULL = {
    "start": [0.0, 2.0, 2, True, 1.0004, -0.0004, 1e12, 1e16, INF, -INF, 0.05, 1.0006, -1.0,
              "x", D(NAN)],
    "stop": [10.0, 0.0, INF, 1e16, 0.05, -1.0, -INF, D(NAN)],
    "origin": [0.0, 5.0, 1.0004, INF, -INF, 0.05, -1.0, D(NAN)],
}
WINDOW_SHORT = {"start": [2.0, 0.05, -1.0, INF], "stop": [10.0, -1.0], "origin": [5.0, 0.05]}
WINDOW_WHOLE = [
    ({"start": 5.0, "stop": 5.0}, "stop", {}),
    ({"start": 5.0, "stop": 4.9}, "stop", {}),
    ({"start": INF, "stop": INF}, "stop", {}),
    ({"start": INF, "stop": 10.0}, "stop", {}),
    ({"start": -INF, "stop": -INF}, "stop", {}),
    ({"start": NAN, "stop": 10.0}, "start", {}),
    ({"origin": INF, "start": 1.0}, "origin", {}),
    ({"origin": -INF, "start": INF}, "origin", {}),
    ({"start": -1.0}, "start", {"resolution": 0.001}),
    ({"start": 0.5}, "start", {"resolution": 1.0}),
    ({"origin": 0.003, "stop": 0.007}, "origin", {"resolution": 0.001}),
]
WINDOW_FULL_MODELS = ["dc_generator", "spike_generator"]

# Names: unknown ones, and those every stimulation device takes.
NAMES = [
    ({"bogus": 1.0}, "bogus"),
    ({"label": "input"}, "label"),
    ({"label": 3}, "label"),
    ({"stimulus_source": ""}, "stimulus_source"),
    ({"stimulus_source": "mpi"}, "stimulus_source"),
    ({"frozen": False}, "frozen"),
    ({"frozen": D(True, "unsupported")}, "frozen"),
]
FOREIGN = [
    ("dc_generator", {"rate": 10.0}, "rate"),
    ("poisson_generator", {"amplitude": 1.0}, "amplitude"),
    ("ac_generator", {"y_0": 1.0}, "y_0"),
    ("noise_generator", {"y_1": 1.0}, "y_1"),
    ("spike_generator", {"rate_times": [1.0]}, "rate_times"),
    ("spike_dilutor", {"rate": D(10.0, "unknown")}, "rate"),
]

# Cases NEST would not finish simulating (an infinite Poisson mean): created and connected only.
NO_SIMULATE = [("mip_generator", "rate", INF)]


def split(params):
    """(params without Differs wrappers, the reason if a value was wrapped)."""
    why = None

    def strip(v):
        nonlocal why
        if isinstance(v, Differs):
            why = v.why
            return strip(v.value)
        if isinstance(v, list):
            return [strip(x) for x in v]
        return v

    return {k: strip(v) for k, v in params.items()}, why


def make(model, params, param, resolution=RESOLUTION, then=None, defaults=None, saltatory=None):
    params, why = split(params)
    if then is not None:
        then, why_then = split(then)
        why = why or why_then
    case = {"params": params, "param": param}
    if resolution != RESOLUTION:
        case["resolution"] = resolution
    if defaults is not None:
        case["defaults"] = defaults
    if then is not None:
        case["then"] = then
    why = why or saltatory
    if why:
        case["saltatory"] = WHY[why]
    return model, case


def cases():
    """Every case, as (model, {params, param, and resolution, defaults, then, saltatory where
    given})."""
    out = []
    for model, param, values, context in PARAMS:
        for v in values:
            out.append(make(model, {**context, param: v}, param))
    for model, param, partner, rows in TIMED:
        for row in rows:
            if not isinstance(row, tuple):
                row = (row, [1.0], {})
            v, other, context = row
            out.append(make(model, {**context, param: v, partner: other}, param))
    for model, params, param, extra in WHOLE:
        out.append(make(model, params, param, **extra))
    for model in MODELS:
        window = WINDOW_FULL if model in WINDOW_FULL_MODELS else WINDOW_SHORT
        for param, values in window.items():
            for v in values:
                out.append(make(model, {param: v}, param))
        if model in WINDOW_FULL_MODELS:
            for params, param, extra in WINDOW_WHOLE:
                out.append(make(model, params, param, **extra))
        else:
            out.append(make(model, {"start": 5.0, "stop": 4.9}, "stop"))
        for params, param in NAMES:
            if param == "bogus" and model == "spike_dilutor":
                params = {k: D(v, "unknown") for k, v in params.items()}
            out.append(make(model, params, param))
    for model, params, param in FOREIGN:
        out.append(make(model, params, param))
    return out
