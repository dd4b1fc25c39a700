using BenchmarkDotNet.Running;

// Named through a benchmark type: the app's own top-level Program is visible here too (InternalsVisibleTo).
BenchmarkSwitcher.FromAssembly(typeof(Udc.Benchmarks.Engine.MaskKernelsBenchmarks).Assembly).Run(args);
