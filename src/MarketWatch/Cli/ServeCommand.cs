using System.CommandLine;
using MarketWatch.Data;
using MarketWatch.Review;
using MarketWatch.Review.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MarketWatch.Sandbox;
using MarketWatch.Service;

namespace MarketWatch.Cli;

public static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Address of the review UI", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var demo = new Option<bool>("--demo") { Description = "Start the sandbox marketplace in-process, point every patrol at it and fire them all once" };
        var command = new Command("serve", "Run the review web UI and the scheduled patrol (Quartz)") { urls, demo };
        command.SetAction((result, ct) => CommandLine.Guard(result, async () =>
        {
            var paths = CommandLine.Paths(result);
            await using var sandbox = result.GetValue(demo) ? await SandboxServer.StartAsync(paths.FixturesDir, "http://127.0.0.1:0", ct: ct) : null;
            // Disposed on the way out: that closes Chromium and the Playwright driver (BrowserFetcher), whatever stopped the host.
            await using var app = WebApp.Build(paths, result.GetValue(urls)!, sandbox?.Url);
            await Services.PrepareDatabaseAsync(app.Services, ct);
            // The champion model is loaded (or, on a first start, trained) now: a missing or corrupt model file stops the start.
            _ = app.Services.GetRequiredService<MarketWatch.Learning.ModelSlot>().Current;
            var signIn = await DemoAccountAsync(app.Services, sandbox is not null, ct);
            await app.StartAsync(ct);
            Console.WriteLine($"MarketWatch review UI on {string.Join(", ", app.Urls)} (Ctrl+C to stop)");
            Console.WriteLine(signIn);
            if (sandbox is not null) Console.WriteLine($"demo: sandbox marketplace on {sandbox.Url}; every patrol fires once now");
            // The host owns SIGTERM/SIGINT under serve (Service/GracefulStop.cs): it stops within a few seconds, then we return.
            await app.WaitForShutdownAsync(ct);
            Console.WriteLine(GracefulStop.Cause is { } cause ? $"stopped on {cause}" : "stopped");
            return 0;
        }));
        return command;
    }

    public const string DemoUser = "demo";

    // The demo admin gets a fresh password on every demo start, printed once; outside demo mode, nobody is created.
    private static async Task<string> DemoAccountAsync(IServiceProvider services, bool demo, CancellationToken ct)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<MarketWatchDb>>().CreateDbContextAsync(ct);
        if (!demo)
            return await db.Users.AnyAsync(ct) ? "sign in with your account"
                : "no users yet: add one with `marketwatch user add --name NAME --role admin` (or start with --demo)";
        var accounts = services.GetRequiredService<Accounts>();
        var password = Accounts.GeneratePassword();
        if (await Accounts.FindAsync(db, DemoUser, ct) is null) await accounts.AddAsync(db, DemoUser, Roles.Admin, password, "serve --demo", ct);
        else await accounts.SetPasswordAsync(db, DemoUser, password, "serve --demo", ct);
        return $"demo: sign in as '{DemoUser}' with password {password} (admin; a new password on every demo start)";
    }
}
