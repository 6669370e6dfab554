using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Switchyard.Benchmarks.HotPath).Assembly).Run(args);
