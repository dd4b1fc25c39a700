using BenchmarkDotNet.Running;
using Udc.Benchmarks.Engine;

// The app's own top-level Program is visible here too (InternalsVisibleTo), so the entry assembly is named by a benchmark type.
BenchmarkSwitcher.FromAssembly(typeof(MaskKernelsBenchmarks).Assembly).Run(args);
