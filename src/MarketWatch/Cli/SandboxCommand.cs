using System.CommandLine;
using MarketWatch.Sandbox;
using Microsoft.Extensions.Configuration;

namespace MarketWatch.Cli;

public static class SandboxCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Address to listen on", DefaultValueFactory = _ => "http://127.0.0.1:5081" };
        var command = new Command("sandbox", "Serve the local sandbox marketplace (search pages rendered in the browser from the team's catalogue)") { urls };
        command.SetAction((result, ct) => CommandLine.Guard(result, async () =>
        {
            var paths = CommandLine.Paths(result);
            var options = new SandboxOptions();
            paths.LoadConfiguration().GetSection("Sandbox").Bind(options);
            await using var sandbox = await SandboxServer.StartAsync(paths.FixturesDir, result.GetValue(urls)!, options, ct);
            Console.WriteLine($"sandbox marketplace listening on {sandbox.Url} (Ctrl+C to stop)");
            Console.WriteLine($"  marketplaces: {string.Join(", ", SandboxSite.All.Select(s => $"{sandbox.Url}/{s.Name}/"))}");
            Console.WriteLine($"  faults: POST {sandbox.Url}/_sandbox/faults with [{{\"Kind\": \"TooManyRequests\", \"Marketplace\": \"shopee\", \"Times\": 2}}]");
            if (options.Faults.Count > 0) Console.WriteLine($"  {options.Faults.Count} fault rule(s) from configuration");
            try { await sandbox.WaitForShutdownAsync(ct); }
            catch (OperationCanceledException) { }
            return 0;
        }));
        return command;
    }
}
