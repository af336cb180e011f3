// libtorch's CPU autocast, which tch 0.17 does not bind (its `autocast` is CUDA only): the same
// switch as Python's `torch.autocast("cpu", dtype=torch.bfloat16)`. The state is thread-local, so
// enter and exit on the thread that runs the forward pass.
#include <ATen/autocast_mode.h>

extern "C" {

void argmine_autocast_cpu_enter() noexcept {
  at::autocast::set_autocast_dtype(at::kCPU, at::kBFloat16);
  at::autocast::set_autocast_enabled(at::kCPU, true);
  at::autocast::increment_nesting();
}

void argmine_autocast_cpu_exit() noexcept {
  if (at::autocast::decrement_nesting() == 0) {
    at::autocast::clear_cache();
  }
  at::autocast::set_autocast_enabled(at::kCPU, false);
}

int argmine_autocast_cpu_enabled() noexcept {
  return at::autocast::is_autocast_enabled(at::kCPU) ? 1 : 0;
}
}
