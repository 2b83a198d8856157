// Embedded Runge-Kutta-Fehlberg 4(5) with GSL's standard step control and evolve_apply, as
// saltatory's runtime/src/rkf45.rs does it: same coefficients (the same quotients), same
// left-to-right sums, no fused multiply-add (compile with --fmad=false / -ffp-contract=off).
#ifndef SALTATORY_RKF45
#define SALTATORY_RKF45

struct SalControl {
    double eps_abs;
    double eps_rel;
    double a_y;
    double a_dydt;
};

template <int N, class F>
__device__ void sal_rkf45_step(const F& f, const double* y, double h, const double* k1,
                               double* out, double* err, double* dydt_out) {
    const double ah0 = 1.0 / 4.0;
    const double b3_0 = 3.0 / 32.0, b3_1 = 9.0 / 32.0;
    const double b4_0 = 1932.0 / 2197.0, b4_1 = -7200.0 / 2197.0, b4_2 = 7296.0 / 2197.0;
    const double b5_0 = 8341.0 / 4104.0, b5_1 = -32832.0 / 4104.0, b5_2 = 29440.0 / 4104.0,
                 b5_3 = -845.0 / 4104.0;
    const double b6_0 = -6080.0 / 20520.0, b6_1 = 41040.0 / 20520.0, b6_2 = -28352.0 / 20520.0,
                 b6_3 = 9295.0 / 20520.0, b6_4 = -5643.0 / 20520.0;
    const double c1 = 902880.0 / 7618050.0, c3 = 3953664.0 / 7618050.0,
                 c4 = 3855735.0 / 7618050.0, c5 = -1371249.0 / 7618050.0,
                 c6 = 277020.0 / 7618050.0;
    const double ec1 = 1.0 / 360.0, ec3 = -128.0 / 4275.0, ec4 = -2197.0 / 75240.0,
                 ec5 = 1.0 / 50.0, ec6 = 2.0 / 55.0;
    double yt[N], k2[N], k3[N], k4[N], k5[N], k6[N];
    for (int i = 0; i < N; ++i) yt[i] = y[i] + ah0 * h * k1[i];
    f(yt, k2);
    for (int i = 0; i < N; ++i) yt[i] = y[i] + h * (b3_0 * k1[i] + b3_1 * k2[i]);
    f(yt, k3);
    for (int i = 0; i < N; ++i) yt[i] = y[i] + h * (b4_0 * k1[i] + b4_1 * k2[i] + b4_2 * k3[i]);
    f(yt, k4);
    for (int i = 0; i < N; ++i)
        yt[i] = y[i] + h * (b5_0 * k1[i] + b5_1 * k2[i] + b5_2 * k3[i] + b5_3 * k4[i]);
    f(yt, k5);
    for (int i = 0; i < N; ++i)
        yt[i] = y[i] + h * (b6_0 * k1[i] + b6_1 * k2[i] + b6_2 * k3[i] + b6_3 * k4[i] + b6_4 * k5[i]);
    f(yt, k6);
    for (int i = 0; i < N; ++i) {
        const double d = c1 * k1[i] + c3 * k3[i] + c4 * k4[i] + c5 * k5[i] + c6 * k6[i];
        out[i] = y[i] + h * d;
    }
    f(out, dydt_out);
    for (int i = 0; i < N; ++i)
        err[i] = h * (ec1 * k1[i] + ec3 * k3[i] + ec4 * k4[i] + ec5 * k5[i] + ec6 * k6[i]);
}

// -1: decrease, 1: increase, 0: keep.
template <int N>
__device__ int sal_rkf45_hadjust(const SalControl& c, const double* y, const double* yerr,
                                 const double* yp, double* h) {
    const double order = 5.0;
    const double h_old = *h;
    double rmax = 2.2250738585072014e-308;
    for (int i = 0; i < N; ++i) {
        const double d0 = c.eps_rel * (c.a_y * fabs(y[i]) + c.a_dydt * fabs(h_old * yp[i])) + c.eps_abs;
        const double r = fabs(yerr[i]) / fabs(d0);
        rmax = r > rmax ? r : rmax;
    }
    if (rmax > 1.1) {
        double r = 0.9 / pow(rmax, 1.0 / order);
        if (r < 0.2) r = 0.2;
        *h = r * h_old;
        return -1;
    } else if (rmax < 0.5) {
        double r = 0.9 / pow(rmax, 1.0 / (order + 1.0));
        if (r > 5.0) r = 5.0;
        if (r < 1.0) r = 1.0;
        *h = r * h_old;
        return 1;
    }
    return 0;
}

template <int N, class F>
__device__ void sal_rkf45_evolve_apply(const F& f, const SalControl& c, double* t, double t1,
                                       double* h, double* y) {
    const double t0 = *t;
    double h0 = *h;
    const double dt = t1 - t0;
    double y0[N], dydt_in[N], yerr[N], dydt_out[N], new_y[N];
    for (int i = 0; i < N; ++i) y0[i] = y[i];
    f(y, dydt_in);
    for (;;) {
        bool final_step = false;
        if (h0 > dt) {
            h0 = dt;
            final_step = true;
        }
        sal_rkf45_step<N>(f, y0, h0, dydt_in, new_y, yerr, dydt_out);
        for (int i = 0; i < N; ++i) y[i] = new_y[i];
        *t = final_step ? t1 : t0 + h0;
        const double h_old = h0;
        if (sal_rkf45_hadjust<N>(c, y, yerr, dydt_out, &h0) == -1) {
            const double t_curr = *t;
            const double t_next = *t + h0;
            if (fabs(h0) < fabs(h_old) && t_next != t_curr) {
                for (int i = 0; i < N; ++i) y[i] = y0[i];
                continue;
            }
            h0 = h_old;
        }
        *h = h0;
        return;
    }
}

#endif
