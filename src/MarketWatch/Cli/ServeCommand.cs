using System.CommandLine;
using MarketWatch.Review;

namespace MarketWatch.Cli;

public static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Address of the review UI", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var demo = new Option<bool>("--demo") { Description = "Also start the sandbox marketplace in-process and crawl it once at start" };
        var command = new Command("serve", "Run the review web UI (and, with --demo, a sandbox crawl to review)") { urls, demo };
        command.SetAction((result, ct) => CommandLine.Guard(async () =>
        {
            var app = WebApp.Build(CommandLine.Paths(result), result.GetValue(urls)!, result.GetValue(demo));
            await Services.PrepareDatabaseAsync(app.Services, ct);
            await app.StartAsync(ct);
            Console.WriteLine($"MarketWatch review UI on {string.Join(", ", app.Urls)} (Ctrl+C to stop)");
            await app.WaitForShutdownAsync(ct);
            return 0;
        }));
        return command;
    }
}
