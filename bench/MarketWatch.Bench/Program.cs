// MarketWatch benchmarks: figures the issues ask for, printed as plain lines.
//   dotnet run -c Release --project bench/MarketWatch.Bench -- classify [--rows 100000]
//   dotnet run -c Release --project bench/MarketWatch.Bench -- extract [--seconds 3]
//   dotnet run -c Release --project bench/MarketWatch.Bench -- export [--rows 100000]
//   dotnet run -c Release --project bench/MarketWatch.Bench -- models [--only NAME]   (trainer comparison, targets, simulated feedback)
//   dotnet run -c Release --project bench/MarketWatch.Bench -- uiload [--listings 1000000] [--sellers 50000] [--flagged 0.032] [--decisions 20000] [--requests 40] [--data DIR] [--provider Sqlite|Postgres --connection CONNSTR]
//   dotnet run -c Release --project bench/MarketWatch.Bench -- screenshots --password P [--url http://127.0.0.1:5080] [--out docs]   (README images)
//   dotnet run -c Release --project bench/MarketWatch.Bench -- cases [--listings 1000000] [--pages 300]   (case upkeep's share of the store stage)
//   dotnet run -c Release --project bench/MarketWatch.Bench -- crawl [--pages 60] [--warmup 6] [--warm-process 150] [--levels 1,2,4] [--rounds 3] [--soak 500] [--soak-every 50] [--page-size 40] [--crawlee off] [--screenshots off] [--pictures]
//   dotnet run -c Release --project bench/MarketWatch.Bench -- crawl-steps [--variants bare,route,route+block,...] [--rounds 3] [--pages 40] [--pictures]   (the browser steps' share of the gap)
// classify and extract pin themselves to one core so "per core" figures mean what they say; crawl is not
// pinned: Chromium needs both cores (the peer figures were measured on 2 cores).
using System.Diagnostics;
using MarketWatch.Bench;

var verb = args.FirstOrDefault() ?? "help";
int Arg(string name, int fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() is { } v ? int.Parse(v) : fallback;

var pinned = verb is "classify" or "extract" or "models";
if (pinned && OperatingSystem.IsLinux()) Process.GetCurrentProcess().ProcessorAffinity = 1;   // one core
Console.WriteLine($"MarketWatch bench: {verb}; {Environment.ProcessorCount} cores visible, {(pinned ? "pinned to 1" : "not pinned")}; .NET {Environment.Version}");
return verb switch
{
    "classify" => ClassifyBench.Run(Arg("--rows", 100_000), args.SkipWhile(a => a != "--trainer").Skip(1).FirstOrDefault(),
        args.Contains("--trees") ? Arg("--trees", 0) : null, args.SkipWhile(a => a != "--rate").Skip(1).FirstOrDefault() is { } r ? float.Parse(r, System.Globalization.CultureInfo.InvariantCulture) : null,
        args.Contains("--leaves") ? Arg("--leaves", 0) : null),
    "extract" => ExtractBench.Run(Arg("--seconds", 3)),
    "crawl" => CrawlBench.Run(args),
    "crawl-steps" => BrowserSteps.Run(args),
    "export" => ExportBench.Run(Arg("--rows", 100_000)),
    "models" => ModelsBench.Run(args),
    "uiload" => UiLoadBench.Run(args),
    "cases" => CasesBench.Run(args),
    "screenshots" => await Screenshots.RunAsync(args),
    _ => Usage(),
};

static int Usage()
{
    Console.WriteLine("verbs: classify [--rows N] | export [--rows N] | extract [--seconds N per marketplace] | cases [--listings N] [--pages N] | uiload [--listings N] [--requests N] [--data DIR] [--provider Sqlite|Postgres --connection CS] | crawl [--pages N per line] [--warmup N] [--warm-process N] [--levels 1,2,4] [--rounds N] [--soak N] [--soak-every N] [--page-size N] [--crawlee off] [--screenshots off] [--pictures] | crawl-steps [--variants bare,route,...] [--rounds N] [--pages N] [--pictures]");
    return 2;
}
