using System.CommandLine;
using MarketWatch.Sandbox;

namespace MarketWatch.Cli;

public static class SandboxCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Address to listen on", DefaultValueFactory = _ => "http://127.0.0.1:5081" };
        var command = new Command("sandbox", "Serve the local sandbox marketplace (search pages rendered in the browser from the team's catalogue)") { urls };
        command.SetAction((result, ct) => CommandLine.Guard(async () =>
        {
            var paths = CommandLine.Paths(result);
            await using var sandbox = await SandboxServer.StartAsync(paths.FixturesDir, result.GetValue(urls)!, ct);
            Console.WriteLine($"sandbox marketplace listening on {sandbox.Url} (Ctrl+C to stop)");
            Console.WriteLine($"  try {sandbox.Url}/tokopedia/search?q=unblock+imei");
            try { await Task.Delay(Timeout.Infinite, ct); }
            catch (OperationCanceledException) { }
            return 0;
        }));
        return command;
    }
}
