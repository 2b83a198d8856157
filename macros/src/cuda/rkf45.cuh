// Embedded Runge-Kutta-Fehlberg 4(5) with GSL's standard step control and evolve_apply, as
// saltatory's runtime/src/rkf45.rs does it: same coefficients (the same quotients), same
// left-to-right sums, no fused multiply-add (compile with --fmad=false / -ffp-contract=off).
// Arithmetic in sal_real (double unless -DSAL_REAL=float); the control settings stay double.
#ifndef SALTATORY_RKF45
#define SALTATORY_RKF45

struct SalControl {
    double eps_abs;
    double eps_rel;
    double a_y;
    double a_dydt;
};

template <int N, class F>
__device__ void sal_rkf45_step(const F& f, const sal_real* y, sal_real h, const sal_real* k1,
                               sal_real* out, sal_real* err, sal_real* dydt_out) {
    // Each quotient is evaluated in double, then rounded once to sal_real.
    const sal_real ah0 = (sal_real)(1.0 / 4.0);
    const sal_real b3_0 = (sal_real)(3.0 / 32.0), b3_1 = (sal_real)(9.0 / 32.0);
    const sal_real b4_0 = (sal_real)(1932.0 / 2197.0), b4_1 = (sal_real)(-7200.0 / 2197.0),
                   b4_2 = (sal_real)(7296.0 / 2197.0);
    const sal_real b5_0 = (sal_real)(8341.0 / 4104.0), b5_1 = (sal_real)(-32832.0 / 4104.0),
                   b5_2 = (sal_real)(29440.0 / 4104.0), b5_3 = (sal_real)(-845.0 / 4104.0);
    const sal_real b6_0 = (sal_real)(-6080.0 / 20520.0), b6_1 = (sal_real)(41040.0 / 20520.0),
                   b6_2 = (sal_real)(-28352.0 / 20520.0), b6_3 = (sal_real)(9295.0 / 20520.0),
                   b6_4 = (sal_real)(-5643.0 / 20520.0);
    const sal_real c1 = (sal_real)(902880.0 / 7618050.0), c3 = (sal_real)(3953664.0 / 7618050.0),
                   c4 = (sal_real)(3855735.0 / 7618050.0), c5 = (sal_real)(-1371249.0 / 7618050.0),
                   c6 = (sal_real)(277020.0 / 7618050.0);
    const sal_real ec1 = (sal_real)(1.0 / 360.0), ec3 = (sal_real)(-128.0 / 4275.0),
                   ec4 = (sal_real)(-2197.0 / 75240.0), ec5 = (sal_real)(1.0 / 50.0),
                   ec6 = (sal_real)(2.0 / 55.0);
    sal_real yt[N], k2[N], k3[N], k4[N], k5[N], k6[N];
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
        const sal_real d = c1 * k1[i] + c3 * k3[i] + c4 * k4[i] + c5 * k5[i] + c6 * k6[i];
        out[i] = y[i] + h * d;
    }
    f(out, dydt_out);
    for (int i = 0; i < N; ++i)
        err[i] = h * (ec1 * k1[i] + ec3 * k3[i] + ec4 * k4[i] + ec5 * k5[i] + ec6 * k6[i]);
}

// -1: decrease, 1: increase, 0: keep.
template <int N>
__device__ int sal_rkf45_hadjust(const SalControl& c, const sal_real* y, const sal_real* yerr,
                                 const sal_real* yp, sal_real* h) {
    const sal_real eps_abs = (sal_real)c.eps_abs, eps_rel = (sal_real)c.eps_rel;
    const sal_real a_y = (sal_real)c.a_y, a_dydt = (sal_real)c.a_dydt;
    const sal_real order = (sal_real)5.0, one = (sal_real)1.0;
    const sal_real h_old = *h;
    sal_real rmax = (sal_real)SAL_MIN_POSITIVE;
    for (int i = 0; i < N; ++i) {
        const sal_real d0 = eps_rel * (a_y * fabs(y[i]) + a_dydt * fabs(h_old * yp[i])) + eps_abs;
        const sal_real r = fabs(yerr[i]) / fabs(d0);
        rmax = r > rmax ? r : rmax;
    }
    if (rmax > (sal_real)1.1) {
        sal_real r = (sal_real)0.9 / pow(rmax, one / order);
        if (r < (sal_real)0.2) r = (sal_real)0.2;
        *h = r * h_old;
        return -1;
    } else if (rmax < (sal_real)0.5) {
        sal_real r = (sal_real)0.9 / pow(rmax, one / (order + one));
        if (r > (sal_real)5.0) r = (sal_real)5.0;
        if (r < one) r = one;
        *h = r * h_old;
        return 1;
    }
    return 0;
}

template <int N, class F>
__device__ void sal_rkf45_evolve_apply(const F& f, const SalControl& c, sal_real* t, sal_real t1,
                                       sal_real* h, sal_real* y) {
    const sal_real t0 = *t;
    sal_real h0 = *h;
    const sal_real dt = t1 - t0;
    sal_real y0[N], dydt_in[N], yerr[N], dydt_out[N], new_y[N];
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
        const sal_real h_old = h0;
        if (sal_rkf45_hadjust<N>(c, y, yerr, dydt_out, &h0) == -1) {
            const sal_real t_curr = *t;
            const sal_real t_next = *t + h0;
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
