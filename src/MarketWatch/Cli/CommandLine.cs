using System.CommandLine;
using MarketWatch.Crawling;
using MarketWatch.Marketplaces;

namespace MarketWatch.Cli;

/// <summary>The verbs. Each lives in its own file; this one wires them and the global options.</summary>
public static class CommandLine
{
    public static readonly Option<string?> DataDir = new("--data-dir")
    {
        Description = "Directory for the database, evidence and reports (default: ./data)", Recursive = true,
    };

    public static readonly Option<string?> Config = new("--config")
    {
        Description = "Configuration file (default: the repository's appsettings.json)", Recursive = true,
    };

    public static RootCommand Build()
    {
        var root = new RootCommand("MarketWatch: finds illegal IMEI offers on Indonesian marketplaces and keeps the evidence.");
        root.Options.Add(DataDir);
        root.Options.Add(Config);
        root.Subcommands.Add(SandboxCommand.Create());
        root.Subcommands.Add(CrawlCommand.Create());
        root.Subcommands.Add(ListingsCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(ExtractCommand.Create());
        root.Subcommands.Add(RobotsCommand.Create());
        root.Subcommands.Add(ProbeCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(EvaluateCommand.Create());
        root.Subcommands.Add(ModelsCommand.Create());
        root.Subcommands.Add(ClassifyCommand.Create());
        root.Subcommands.Add(TacCommand.Create());
        root.Subcommands.Add(ImeisCommand.Create());
        root.Subcommands.Add(CasesCommand.Create());
        root.Subcommands.Add(RunsCommand.Create());
        root.Subcommands.Add(EvidenceCommand.Create());
        root.Subcommands.Add(SchedulesCommand.Create());
        root.Subcommands.Add(UserCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(DbCommand.Create());
        return root;
    }

    /// <summary>
    /// Parses and runs. Under `serve` the web host handles SIGTERM and SIGINT itself (a stop bounded by
    /// Service.GracefulStop.StopSeconds, a second signal ends at once): System.CommandLine's own handler would hold
    /// each signal for its 2 s termination timeout and then return from Main under the still-stopping host.
    /// Every other verb keeps it: Ctrl+C cancels the verb's token.
    /// </summary>
    public static Task<int> InvokeAsync(string[] args)
    {
        var parsed = Build().Parse(args);
        var hosted = parsed.CommandResult.Command.Name == "serve";
        return parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = hosted ? null : TimeSpan.FromSeconds(2) });
    }

    public static AppPaths Paths(ParseResult result) => AppPaths.Resolve(result.GetValue(Config), result.GetValue(DataDir));

    /// <summary>Runs a verb, turning expected operating faults into one clear line and an exit code.</summary>
    public static async Task<int> Guard(ParseResult result, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (e is ConfigurationException or BrowserNotFoundException or InvalidDataException or FileNotFoundException or Data.CsvFormatException)
        {
            await Console.Error.WriteLineAsync("error: " + e.Message);
            return 2;
        }
        catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message} (another MarketWatch or program is listening there; pick another port with --urls)");
            return 2;
        }
        catch (Exception e) when (StorageFault.Describe(e, Paths(result).DataDir) is { } problem)
        {
            await Console.Error.WriteLineAsync("error: " + problem);
            return 2;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("interrupted");
            return 130;
        }
    }
}
