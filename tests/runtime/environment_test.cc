// What the environment configures, seen from a child process (runtime_probe), since the runtime
// reads it once per process: CUDASHIM_DEVICES, CUDASHIM_EMU_PROFILE and CUDASHIM_LOG.
#include <gtest/gtest.h>
#include <sched.h>

#include <map>
#include <string>

#include "child_process.h"

namespace cudashim::testing {
namespace {

constexpr size_t kMiB = size_t{1} << 20;

// The probe under a controlled environment: every cudashim variable not given is unset.
ChildResult Probe(const std::vector<std::string>& args, std::map<std::string, std::string> env) {
  for (const char* name : {"CUDASHIM_DEVICES", "CUDASHIM_EMU_PROFILE", "CUDASHIM_LOG"}) {
    env.emplace(name, kUnset);
  }
  return RunChild(CUDASHIM_RUNTIME_PROBE, args, env);
}

TEST(CudashimDevices, DefaultIsOneCpuDevice) {
  ChildResult r = Probe({"describe"}, {});
  ASSERT_EQ(r.exit_status, 0) << r.out << r.err;
  auto kv = ParseKeyValues(r.out);
  EXPECT_EQ(kv["count.error"], "0");
  EXPECT_EQ(kv["count"], "1");
  EXPECT_NE(kv["device0.name"].find("CPU"), std::string::npos) << kv["device0.name"];
  EXPECT_EQ(r.err, "");
}

TEST(CudashimDevices, EmuGivesOneEmulatedDevice) {
  ChildResult r = Probe({"describe"}, {{"CUDASHIM_DEVICES", "emu"}});
  ASSERT_EQ(r.exit_status, 0) << r.out << r.err;
  auto kv = ParseKeyValues(r.out);
  EXPECT_EQ(kv["count"], "1");
  EXPECT_NE(kv["device0.name"].find("emulated"), std::string::npos) << kv["device0.name"];
  EXPECT_EQ(kv["device0.props.error"], "0");
  EXPECT_EQ(kv["device0.meminfo.error"], "0");
  EXPECT_EQ(kv["device0.total"], kv["device0.totalGlobalMem"]);
  EXPECT_EQ(kv["device0.free"], kv["device0.total"]);
  EXPECT_EQ(r.err, "");
}

TEST(CudashimDevices, CpuCommaEmuGivesTwoDifferentDevicesInOrder) {
  ChildResult r = Probe({"describe"}, {{"CUDASHIM_DEVICES", "cpu,emu"}});
  ASSERT_EQ(r.exit_status, 0) << r.out << r.err;
  auto kv = ParseKeyValues(r.out);
  EXPECT_EQ(kv["count.error"], "0");
  EXPECT_EQ(kv["count"], "2");
  EXPECT_NE(kv["device0.name"].find("CPU"), std::string::npos) << kv["device0.name"];
  EXPECT_NE(kv["device1.name"].find("emulated"), std::string::npos) << kv["device1.name"];
  EXPECT_NE(kv["device0.name"], kv["device1.name"]);
  EXPECT_EQ(kv["device1.setdevice.error"], "0");
  EXPECT_EQ(kv["device1.meminfo.error"], "0");
  EXPECT_EQ(kv["device1.total"], kv["device1.totalGlobalMem"]);
  EXPECT_EQ(kv["device1.uuid15"], "1");
}

// The cpu device runs a worker per CPU the process may use (taskset, a container's cpuset), as
// OpenMP does, not one per CPU of the machine: extra workers would only time-slice.
TEST(CudashimDevices, CpuDeviceHasOneMultiprocessorPerUsableCpu) {
  cpu_set_t all;
  ASSERT_EQ(sched_getaffinity(0, sizeof(all), &all), 0);
  ChildResult r = Probe({"describe"}, {});
  ASSERT_EQ(r.exit_status, 0) << r.out << r.err;
  EXPECT_EQ(ParseKeyValues(r.out)["device0.multiProcessorCount"], std::to_string(CPU_COUNT(&all)));

  cpu_set_t one;
  CPU_ZERO(&one);
  for (int c = 0; c < CPU_SETSIZE; ++c) {
    if (CPU_ISSET(c, &all)) {
      CPU_SET(c, &one);
      break;
    }
  }
  ASSERT_EQ(sched_setaffinity(0, sizeof(one), &one), 0);  // the child inherits this thread's mask
  r = Probe({"describe"}, {});
  ASSERT_EQ(sched_setaffinity(0, sizeof(all), &all), 0);
  ASSERT_EQ(r.exit_status, 0) << r.out << r.err;
  EXPECT_EQ(ParseKeyValues(r.out)["device0.multiProcessorCount"], "1");
}

TEST(CudashimDevices, UnknownKindMeansNoDeviceAndSaysSoOnStderr) {
  ChildResult r = Probe({"describe"}, {{"CUDASHIM_DEVICES", "bogus"}});
  ASSERT_EQ(r.exit_status, 0) << r.out << r.err;
  auto kv = ParseKeyValues(r.out);
  EXPECT_EQ(kv["count.error"], "100");  // cudaErrorNoDevice
  EXPECT_EQ(kv["count"], "0");
  EXPECT_NE(r.err.find("CUDASHIM_DEVICES"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("bogus"), std::string::npos) << r.err;
}

TEST(CudashimDevices, UnknownKindBesideAGoodOneKeepsTheGoodOne) {
  ChildResult r = Probe({"describe"}, {{"CUDASHIM_DEVICES", "bogus,emu"}});
  ASSERT_EQ(r.exit_status, 0) << r.out << r.err;
  auto kv = ParseKeyValues(r.out);
  EXPECT_EQ(kv["count"], "1");
  EXPECT_NE(kv["device0.name"].find("emulated"), std::string::npos) << kv["device0.name"];
  EXPECT_NE(r.err.find("bogus"), std::string::npos) << r.err;
}

TEST(CudashimEmuProfile, SizeSmsAndComputeCapabilityAreReported) {
  ChildResult r = Probe({"describe"}, {{"CUDASHIM_DEVICES", "emu"},
                                       {"CUDASHIM_EMU_PROFILE", "memory=64M,sms=3,cc=8.0"}});
  ASSERT_EQ(r.exit_status, 0) << r.out << r.err;
  auto kv = ParseKeyValues(r.out);
  EXPECT_EQ(kv["count"], "1");
  EXPECT_EQ(kv["device0.totalGlobalMem"], std::to_string(64 * kMiB));
  EXPECT_EQ(kv["device0.multiProcessorCount"], "3");
  EXPECT_EQ(kv["device0.major"], "8");
  EXPECT_EQ(kv["device0.minor"], "0");
  EXPECT_EQ(kv["device0.total"], std::to_string(64 * kMiB));
  EXPECT_EQ(kv["device0.free"], std::to_string(64 * kMiB));
  EXPECT_EQ(r.err, "");
}

TEST(CudashimEmuProfile, AllocationBeyondDeviceMemoryIsMemoryAllocation) {
  ChildResult r = Probe({"malloc", "0", std::to_string(64 * kMiB + 1), std::to_string(40 * kMiB),
                         std::to_string(24 * kMiB + 1), std::to_string(24 * kMiB)},
                        {{"CUDASHIM_DEVICES", "emu"}, {"CUDASHIM_EMU_PROFILE", "memory=64M"}});
  ASSERT_EQ(r.exit_status, 0) << r.out << r.err;
  auto kv = ParseKeyValues(r.out);
  EXPECT_EQ(kv["setdevice.error"], "0");
  EXPECT_EQ(kv["malloc0.error"], "2");  // 64M + 1: cudaErrorMemoryAllocation
  EXPECT_EQ(kv["malloc0.lasterror"], "2");
  EXPECT_EQ(kv["malloc0.free"], std::to_string(64 * kMiB));
  EXPECT_EQ(kv["malloc1.error"], "0");  // 40M
  EXPECT_EQ(kv["malloc1.aligned256"], "1");
  EXPECT_EQ(kv["malloc1.free"], std::to_string(24 * kMiB));
  EXPECT_EQ(kv["malloc1.lasterror"], "0");  // the earlier failure was not sticky
  EXPECT_EQ(kv["malloc2.error"], "2");  // 24M + 1 with 24M free
  EXPECT_EQ(kv["malloc3.error"], "0");  // exactly the 24M left
  EXPECT_EQ(kv["malloc3.free"], "0");
}

TEST(CudashimEmuProfile, WholeDeviceMemoryCanBeAllocatedAtOnce) {
  ChildResult r = Probe({"malloc", "0", std::to_string(64 * kMiB)},
                        {{"CUDASHIM_DEVICES", "emu"}, {"CUDASHIM_EMU_PROFILE", "memory=64M"}});
  ASSERT_EQ(r.exit_status, 0) << r.out << r.err;
  auto kv = ParseKeyValues(r.out);
  EXPECT_EQ(kv["malloc0.error"], "0");
  EXPECT_EQ(kv["malloc0.free"], "0");
}

TEST(CudashimEmuProfile, BadProfileMeansNoDeviceAndSaysWhy) {
  ChildResult r = Probe({"describe"}, {{"CUDASHIM_DEVICES", "emu"},
                                       {"CUDASHIM_EMU_PROFILE", "memory=64M,warp=16"}});
  ASSERT_EQ(r.exit_status, 0) << r.out << r.err;
  auto kv = ParseKeyValues(r.out);
  EXPECT_EQ(kv["count.error"], "100");
  EXPECT_NE(r.err.find("CUDASHIM_EMU_PROFILE: unknown key 'warp'"), std::string::npos) << r.err;
}

TEST(CudashimEmuProfile, CpuDeviceIgnoresTheEmuProfile) {
  ChildResult r = Probe({"describe"}, {{"CUDASHIM_DEVICES", "cpu,emu"},
                                       {"CUDASHIM_EMU_PROFILE", "memory=64M,sms=3"}});
  ASSERT_EQ(r.exit_status, 0) << r.out << r.err;
  auto kv = ParseKeyValues(r.out);
  EXPECT_EQ(kv["count"], "2");
  EXPECT_NE(kv["device0.totalGlobalMem"], std::to_string(64 * kMiB));
  EXPECT_EQ(kv["device1.totalGlobalMem"], std::to_string(64 * kMiB));
  EXPECT_EQ(kv["device1.multiProcessorCount"], "3");
}

// The API calls runtime_probe's `calls` mode makes, each once.
const char* const kProbeCalls[] = {"cudaGetDeviceCount",    "cudaMalloc",         "cudaMemset",
                                   "cudaFree",              "cudaStreamCreate",   "cudaStreamSynchronize",
                                   "cudaStreamDestroy",     "cudaDeviceSynchronize"};

TEST(CudashimLog, InfoPrintsOneLinePerApiCallOnStderr) {
  ChildResult r = Probe({"calls"}, {{"CUDASHIM_LOG", "info"}});
  ASSERT_EQ(r.exit_status, 0) << r.out << r.err;
  EXPECT_EQ(r.out, "calls=done\n");  // stdout stays the program's own
  std::map<std::string, int> lines;
  for (const std::string& line : Lines(r.err)) ++lines[line];
  for (const char* call : kProbeCalls) {
    EXPECT_EQ(lines[std::string("[cudashim info] ") + call], 1) << call << "\nstderr:\n" << r.err;
  }
}

TEST(CudashimLog, UnsetPrintsNothing) {
  ChildResult r = Probe({"calls"}, {});
  ASSERT_EQ(r.exit_status, 0) << r.out << r.err;
  EXPECT_EQ(r.out, "calls=done\n");
  EXPECT_EQ(r.err, "");
}

TEST(CudashimLog, OffPrintsNothing) {
  ChildResult r = Probe({"calls"}, {{"CUDASHIM_LOG", "off"}});
  ASSERT_EQ(r.exit_status, 0) << r.out << r.err;
  EXPECT_EQ(r.err, "");
}

}  // namespace
}  // namespace cudashim::testing
