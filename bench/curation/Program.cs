using DatasetForge.Bench.Curation;

// Usage: dotnet run --project bench/curation -- <label|detect|dupes|throughput> [options]; see README.md here.
return await BenchCommands.RunAsync(args);
