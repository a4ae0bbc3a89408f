// MarketWatch benchmarks: figures the issues ask for, printed as plain lines.
//   dotnet run -c Release --project bench/MarketWatch.Bench -- classify [--rows 100000]
//   dotnet run -c Release --project bench/MarketWatch.Bench -- extract [--seconds 3]
// Each benchmark pins itself to one core so "per core" figures mean what they say.
using System.Diagnostics;
using MarketWatch.Bench;

var verb = args.FirstOrDefault() ?? "help";
int Arg(string name, int fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() is { } v ? int.Parse(v) : fallback;

if (OperatingSystem.IsLinux()) Process.GetCurrentProcess().ProcessorAffinity = 1;   // one core
Console.WriteLine($"MarketWatch bench: {verb}; {Environment.ProcessorCount} cores visible, pinned to 1; .NET {Environment.Version}");
return verb switch
{
    "classify" => ClassifyBench.Run(Arg("--rows", 100_000)),
    "extract" => ExtractBench.Run(Arg("--seconds", 3)),
    _ => Usage(),
};

static int Usage()
{
    Console.WriteLine("verbs: classify [--rows N] | extract [--seconds N per marketplace]");
    return 2;
}
