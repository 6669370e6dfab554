using BenchmarkDotNet.Running;

var summaries = BenchmarkSwitcher.FromAssembly(typeof(Switchyard.Benchmarks.HotPath).Assembly).Run(args);

// A benchmark that throws only shows as "NA" in its table; the exit code makes scripts and tests notice.
return summaries.Any(summary => summary.HasCriticalValidationErrors || summary.Reports.Any(report => !report.Success)) ? 1 : 0;
