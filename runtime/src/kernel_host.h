// Host shim: compiles a saltatory GPU kernel as ordinary C++ so that it can be run on the CPU
// and compared with the Rust kernel. Include it before the kernel source, then expand
// SALTATORY_HOST_DRIVER(entry) to get `entry_host`, which runs one thread per neuron in order.
#include <cmath>
using std::exp; using std::expm1; using std::log; using std::log10; using std::log1p;
using std::sin; using std::cos; using std::tan; using std::sinh; using std::cosh; using std::tanh;
using std::atan; using std::sqrt; using std::fabs; using std::fmin; using std::fmax; using std::pow;
using std::isfinite;

#define __global__
#define __device__

struct SalHostIndex { unsigned int x; };
// One set per host thread: several simulator threads may run kernels at once.
static thread_local SalHostIndex blockIdx, blockDim, threadIdx;

#define SALTATORY_HOST_DRIVER(entry)                                                          \
    extern "C" void entry##_host(unsigned int n, const double* cals,                         \
                                 const unsigned int* group_of, double* state, double* inputs, \
                                 unsigned int* spikes, unsigned int* failure) {              \
        blockDim.x = 1;                                                                       \
        threadIdx.x = 0;                                                                      \
        for (unsigned int b = 0; b < n; ++b) {                                                \
            blockIdx.x = b;                                                                   \
            entry(n, cals, group_of, state, inputs, spikes, failure);                         \
        }                                                                                     \
    }
