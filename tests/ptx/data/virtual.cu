// Virtual device functions: indirect calls through a .callprototype, device new/delete.
struct Base { __device__ virtual int f(int x) { return x; } };
struct Der : Base { __device__ int f(int x) override { return x * 3; } };
extern "C" __global__ void virt(int* a) {
  Base* b = (a[0] > 0) ? (Base*)new Der() : new Base();
  a[1] = b->f(a[2]);
  delete b;
}
