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
        root.Subcommands.Add(RunsCommand.Create());
        root.Subcommands.Add(EvidenceCommand.Create());
        root.Subcommands.Add(SchedulesCommand.Create());
        root.Subcommands.Add(UserCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(DbCommand.Create());
        return root;
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
