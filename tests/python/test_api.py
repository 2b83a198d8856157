"""Checks of saltatory.nest's PyNEST-shaped calls (no NEST needed): global ids, node
collections, status by name, connection rules, devices held until connected, recorders'
events and NEST's timing of them, kernel settings, error classes, and the interpreter running
during Simulate.

Usage: python test_api.py (with saltatory installed).
"""

import os
import signal
import threading
import time
import unittest

import numpy

import saltatory.nest as nest


class NodeCollections(unittest.TestCase):
    def setUp(self):
        nest.ResetKernel()

    def test_global_ids_count_neurons_and_devices_in_creation_order(self):
        a = nest.Create("iaf_psc_alpha", 3)
        v = nest.Create("voltmeter")
        b = nest.Create("iaf_psc_exp", 2)
        self.assertEqual(a.tolist(), [1, 2, 3])
        self.assertEqual(v.global_id, 4)
        self.assertEqual(b.tolist(), [5, 6])
        self.assertEqual(nest.GetNodes().tolist(), [1, 2, 3, 4, 5, 6])
        self.assertEqual((b + a).tolist(), [1, 2, 3, 5, 6])
        self.assertEqual(a[1:].tolist(), [2, 3])
        self.assertEqual(a[-1].global_id, 3)
        self.assertEqual([n.global_id for n in a], [1, 2, 3])
        self.assertEqual(len(a + b), 5)
        self.assertEqual(a.get("model"), ("iaf_psc_alpha",) * 3)
        self.assertEqual(v.get("element_type"), "recorder")
        self.assertIn(2, a)
        with self.assertRaises(nest.NESTError):
            a + a

    def test_status_by_name_one_value_or_one_per_node(self):
        n = nest.Create("iaf_psc_alpha", 3, params={"I_e": 100.0, "V_m": [-60.0, -61.0, -62.0]})
        self.assertEqual(n.I_e, (100.0, 100.0, 100.0))
        self.assertEqual(n.V_m, (-60.0, -61.0, -62.0))
        n[0].I_e = 376.0
        n.set(tau_m=12.0)
        n.set({"C_m": [200.0, 210.0, 220.0]})
        self.assertEqual(n.get("I_e"), (376.0, 100.0, 100.0))
        self.assertEqual(n.get(["tau_m", "C_m"]), {"tau_m": (12.0,) * 3, "C_m": (200.0, 210.0, 220.0)})
        nest.SetStatus(n[2], {"E_L": -65.0})
        self.assertEqual(nest.GetStatus(n, "E_L"), (-70.0, -70.0, -65.0))
        self.assertEqual(nest.GetStatus(n[0])[0]["global_id"], 1)
        m = nest.Create("iaf_psc_alpha", 2, params=[{"I_e": 1.0}, {"I_e": 2.0}])
        self.assertEqual(m.I_e, (1.0, 2.0))
        self.assertIn("V_m", nest.GetDefaults("iaf_psc_alpha")["recordables"])

    def test_errors_have_nest_names_and_saltatory_messages(self):
        with self.assertRaises(nest.NESTErrors.UnknownModelName) as e:
            nest.Create("no_such_model")
        self.assertIn("no_such_model", str(e.exception))
        n = nest.Create("iaf_psc_alpha")
        with self.assertRaises(nest.NESTErrors.BadProperty) as e:
            n.tau_m = -1.0
        self.assertIsInstance(e.exception, nest.kernel.NESTError)
        self.assertIn("tau_m", str(e.exception))
        self.assertEqual(n.tau_m, 10.0)
        with self.assertRaises(nest.NESTError):
            nest.Connect(n, nest.Create("iaf_psc_alpha", 2), "one_to_one")


class Kernel(unittest.TestCase):
    def setUp(self):
        nest.ResetKernel()

    def test_settings_as_attributes_and_status(self):
        nest.resolution = 0.05
        nest.rng_seed = 12
        nest.verbosity = nest.VerbosityLevel.WARNING
        nest.set_verbosity("M_ERROR")
        self.assertEqual(nest.resolution, 0.05)
        self.assertEqual(nest.GetKernelStatus(["rng_seed", "local_num_threads"]), [12, 1])
        n = nest.Create("iaf_psc_alpha")
        with self.assertRaises(nest.NESTError):
            nest.resolution = 0.1
        nest.Simulate(10.0)
        self.assertEqual(nest.biological_time, 10.0)
        with self.assertRaises(AttributeError):
            nest.biological_time = 3.0
        nest.ResetKernel()
        self.assertEqual((nest.resolution, nest.biological_time, len(nest.GetNodes())), (0.1, 0.0, 0))
        self.assertEqual(len(n), 1)

    def test_ctrl_c_stops_simulate_and_keeps_what_was_recorded(self):
        n = nest.Create("iaf_psc_alpha", 2000, params={"I_e": 400.0})
        sr = nest.Create("spike_recorder")
        nest.Connect(n, sr)
        timer = threading.Timer(0.5, os.kill, args=(os.getpid(), signal.SIGINT))
        timer.start()
        with self.assertRaises(KeyboardInterrupt):
            nest.Simulate(100000.0)
        timer.join()
        t = nest.biological_time
        self.assertTrue(0.0 < t < 100000.0, t)
        self.assertGreater(sr.n_events, 0)
        self.assertLessEqual(max(sr.events["times"]), t)
        nest.Simulate(10.0)
        self.assertAlmostEqual(nest.biological_time, t + 10.0)

    def test_simulate_lets_other_threads_run(self):
        nest.Create("iaf_psc_alpha", 2000, params={"I_e": 400.0})
        runner = threading.Thread(target=nest.Simulate, args=(2000.0,))
        runner.start()
        time.sleep(0.05)
        spins = 0
        while runner.is_alive():
            spins += 1
        runner.join()
        self.assertGreater(spins, 10000)


class Devices(unittest.TestCase):
    def setUp(self):
        nest.ResetKernel()

    def test_voltmeter_events_as_nest_hands_them_out(self):
        n = nest.Create("iaf_psc_alpha", 2)
        v = nest.Create("voltmeter")
        nest.Connect(v, n)
        nest.Simulate(10.0)
        e = v.events
        # The last min-delay slice's samples come with the next run, as in NEST.
        self.assertEqual(e["times"].tolist(), [t for t in range(1, 10) for _ in (0, 1)])
        self.assertEqual(e["senders"].tolist(), [1, 2] * 9)
        self.assertEqual(v.n_events, 18)
        nest.Simulate(5.0)
        self.assertEqual(v.get("events", "times")[-1], 14.0)

    def test_samples_held_back_as_nest_over_uneven_runs(self):
        # Counts NEST 3.10 gives for this network (min delay 1 ms, runs of 10.5, 7.3, 3 ms).
        n = nest.Create("iaf_psc_alpha", 2, params={"I_e": 400.0})
        v = nest.Create("voltmeter", params={"interval": 0.1})
        m = nest.Create("multimeter", params={"interval": 0.3, "record_from": ["V_m"], "offset": 0.2})
        nest.Connect(n[0], n[1], syn_spec={"delay": 1.5})
        nest.Connect(v, n)
        nest.Connect(m, n)
        counts = []
        for t in (10.5, 7.3, 3.0):
            nest.Simulate(t)
            counts.append((v.n_events, v.events["times"][-1], m.n_events, m.events["times"][-1]))
        self.assertEqual(counts, [(200, 10.0, 66, 9.8), (340, 17.0, 114, 17.0), (400, 20.0, 134, 20.0)])

    def test_generators_drive_and_recorders_record(self):
        n = nest.Create("iaf_psc_alpha", 2)
        dc = nest.Create("dc_generator", params={"amplitude": 500.0})
        sg = nest.Create("spike_generator", params={"spike_times": [5.0, 10.0]})
        sr = nest.Create("spike_recorder")
        mm = nest.Create("multimeter", params={"record_from": ["V_m", "I_syn_ex"], "interval": 0.1})
        nest.Connect(dc, n[0])
        nest.Connect(sg, n[1], syn_spec={"weight": 100.0, "delay": 1.0})
        nest.Connect(n, sr)
        nest.Connect(mm, n[1])
        nest.Simulate(100.0)
        spikes = sr.events
        self.assertGreater(len(spikes["times"]), 0)
        self.assertEqual(set(spikes["senders"].tolist()), {1})
        ev = mm.events
        self.assertEqual(sorted(ev), ["I_syn_ex", "V_m", "senders", "times"])
        first = ev["times"] < 10.0
        peak = ev["times"][first][numpy.argmax(ev["I_syn_ex"][first])]
        self.assertAlmostEqual(peak, 8.0)
        dc.amplitude = 0.0
        self.assertEqual(dc.amplitude, 0.0)
        sr.n_events = 0
        nest.Simulate(100.0)
        self.assertLessEqual(sr.n_events, 1)

    def test_get_connections_reads_synapses_by_global_id(self):
        a = nest.Create("iaf_psc_alpha", 3)
        nest.Create("voltmeter")
        b = nest.Create("iaf_psc_exp", 2)
        nest.Connect(a, b, syn_spec={"weight": 2.5, "delay": 1.5})
        nest.Connect(b[0], a[1], syn_spec={"weight": -1.0})
        c = nest.GetConnections()
        self.assertEqual(len(c), 7)
        self.assertEqual(c.get("source"), [1, 1, 2, 2, 3, 3, 5])
        self.assertEqual(c.target, [5, 6, 5, 6, 5, 6, 2])
        into = nest.GetConnections(a, b[1])
        self.assertEqual((into.source, into.target, into.weight), ([1, 2, 3], [6, 6, 6], [2.5] * 3))
        self.assertEqual(nest.GetConnections(target=a).get(["source", "delay"]), {"source": 5, "delay": 1.0})

    def test_labelled_synapses_are_selected_by_label(self):
        a = nest.Create("iaf_psc_alpha", 3)
        nest.Connect(a, a, "one_to_one", syn_spec={"synapse_model": "static_synapse_lbl", "synapse_label": 4})
        nest.Connect(a[0], a[1], syn_spec={"synapse_model": "stdp_synapse_lbl", "synapse_label": 5})
        nest.Connect(a[1], a[2])
        self.assertEqual(nest.GetDefaults("static_synapse_lbl", "synapse_label"), -1)
        four = nest.GetConnections(synapse_label=4)
        self.assertEqual((four.source, four.target), ([1, 2, 3], [1, 2, 3]))
        self.assertEqual(four.get("synapse_label"), [4, 4, 4])
        self.assertEqual(nest.GetConnections(synapse_label=5).target, 2)
        self.assertEqual(len(nest.GetConnections(synapse_label=6)), 0)
        # NEST: "Unaccessed elements in syn_spec ...: synapse_label".
        with self.assertRaises(nest.NESTErrors.UnaccessedDictionaryEntry):
            nest.Connect(a, a, syn_spec={"synapse_model": "static_synapse", "synapse_label": 3})

    def test_recorders_write_files(self):
        import os
        import tempfile

        folder = tempfile.mkdtemp()
        nest.data_path = folder
        nest.overwrite_files = True
        n = nest.Create("iaf_psc_alpha", params={"I_e": 500.0})
        sr = nest.Create("spike_recorder", params={"record_to": "ascii", "label": "spikes"})
        nest.Connect(n, sr)
        nest.Simulate(100.0)
        (name,) = sr.filenames
        self.assertEqual(os.path.dirname(name), folder)
        self.assertTrue(os.path.basename(name).startswith("spikes"))
        with open(name) as f:
            rows = [line for line in f if line[:1].isdigit()]
        self.assertEqual(len(rows), sr.n_events)
        self.assertGreater(sr.n_events, 0)
        self.assertEqual(len(sr.events["times"]), 0)
        self.assertEqual(nest.GetDefaults("static_synapse")["num_connections"], 0)

    def test_device_defaults(self):
        nest.SetDefaults("poisson_generator", {"rate": 123.0})
        self.assertEqual(nest.Create("poisson_generator").rate, 123.0)
        self.assertEqual(nest.GetDefaults("poisson_generator", "rate"), 123.0)
        with self.assertRaises(nest.NESTErrors.BadProperty):
            nest.SetDefaults("poisson_generator", {"rate": -1.0})
        nest.ResetKernel()
        self.assertEqual(nest.Create("poisson_generator").rate, 0.0)

    def test_connection_rules(self):
        a = nest.Create("iaf_psc_alpha", 10)
        b = nest.Create("iaf_psc_alpha", 10)
        nest.Connect(a, b, "one_to_one", {"weight": 2.0})
        self.assertEqual(nest.num_connections, 10)
        nest.Connect(a, b, {"rule": "fixed_indegree", "indegree": 3})
        self.assertEqual(nest.num_connections, 40)
        nest.Connect(a, b, {"rule": "pairwise_bernoulli", "p": 1.0}, {"delay": 2.5})
        self.assertEqual(nest.num_connections, 140)
        nest.Connect(a[:2], b[:1], syn_spec={"weight": [[1.0, 2.0]]})
        self.assertEqual(nest.num_connections, 142)
        self.assertEqual(nest.GetDefaults("static_synapse")["num_connections"], 142)
        nest.Simulate(5.0)

    def _tsodyks_trace(self, syn_spec, copy=None):
        nest.ResetKernel()
        if copy:
            nest.CopyModel("tsodyks2_synapse", copy[0], copy[1])
        sg = nest.Create("spike_generator", params={"spike_times": [5.0, 10.0, 15.0, 20.0]})
        p = nest.Create("parrot_neuron")
        n = nest.Create("iaf_psc_exp")
        vm = nest.Create("voltmeter", params={"interval": 0.1})
        nest.Connect(sg, p)
        nest.Connect(p, n, syn_spec=syn_spec)
        nest.Connect(vm, n)
        nest.Simulate(30.0)
        return list(vm.events["V_m"])

    def test_synapse_parameters_in_syn_spec(self):
        base = {"synapse_model": "tsodyks2_synapse", "weight": 500.0}
        with_u = self._tsodyks_trace(dict(base, U=0.8))
        copied = self._tsodyks_trace(dict(base, synapse_model="t8"), copy=("t8", {"U": 0.8}))
        default = self._tsodyks_trace(base)
        self.assertEqual(with_u, copied)
        self.assertNotEqual(with_u, default)
        self.assertEqual(nest.GetDefaults("tsodyks2_synapse", "U"), 0.5)
        with self.assertRaises(nest.NESTErrors.BadProperty):
            self._tsodyks_trace(dict(base, U=2.0))
        with self.assertRaises(nest.NESTError):
            self._tsodyks_trace(dict(base, no_such_parameter=1.0))

    def test_poisson_and_symmetric_rules(self):
        a = nest.Create("iaf_psc_alpha", 50)
        nest.Connect(a, a, {"rule": "pairwise_poisson", "pairwise_avg_num_conns": 0.5,
                            "allow_autapses": False})
        # 50 * 49 pairs, 0.5 connections each on average: 1225 +- 35.
        self.assertLess(abs(nest.num_connections - 1225), 4 * 35)
        with self.assertRaises(nest.NESTErrors.BadProperty):
            nest.Connect(a, a, {"rule": "pairwise_poisson", "pairwise_avg_num_conns": 1.0,
                                "allow_multapses": False})
        nest.ResetKernel()
        a = nest.Create("iaf_psc_alpha", 50)
        spec = {"rule": "symmetric_pairwise_bernoulli", "p": 0.2, "allow_autapses": False,
                "make_symmetric": True}
        nest.Connect(a, a, spec)
        conns = nest.GetConnections(a)
        pairs = sorted(zip(conns.get("source"), conns.get("target")))
        self.assertEqual(pairs, sorted((t, s) for s, t in pairs))
        self.assertTrue(pairs)
        with self.assertRaises(nest.NESTErrors.BadProperty):
            nest.Connect(a, a, dict(spec, make_symmetric=False))


if __name__ == "__main__":
    unittest.main()
