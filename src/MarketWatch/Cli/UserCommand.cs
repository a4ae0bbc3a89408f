using System.CommandLine;
using MarketWatch.Data;
using MarketWatch.Review;
using MarketWatch.Review.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MarketWatch.Cli;

/// <summary>`user add|list|passwd|disable`: accounts of the review workspace.</summary>
public static class UserCommand
{
    public static Command Create()
    {
        var name = new Option<string>("--name") { Description = "User name (letters, digits, . - _)", Required = true };
        var role = new Option<string>("--role") { Description = "reviewer or admin", DefaultValueFactory = _ => Roles.Reviewer };
        var generate = new Option<bool>("--generate") { Description = "Generate a password and print it once instead of reading one from stdin" };

        var add = new Command("add", "Add a user. The password is read from stdin (first line), or generated and printed once when stdin is a terminal or --generate is given") { name, role, generate };
        add.SetAction((result, ct) => WithAccounts(result, async (db, accounts) =>
        {
            var (password, generated) = await PasswordAsync(result.GetValue(generate));
            var user = await accounts.AddAsync(db, result.GetValue(name)!, result.GetValue(role)!, password, "cli", ct);
            Console.WriteLine($"added {user.Name} ({user.Role})");
            if (generated) Console.WriteLine($"password (shown once): {password}");
        }, ct));

        var passwd = new Command("passwd", "Set a new password (stdin or --generate); also unlocks and re-enables the account and ends its sessions") { name, generate };
        passwd.SetAction((result, ct) => WithAccounts(result, async (db, accounts) =>
        {
            var (password, generated) = await PasswordAsync(result.GetValue(generate));
            await accounts.SetPasswordAsync(db, result.GetValue(name)!, password, "cli", ct);
            Console.WriteLine($"password of {Accounts.Normalize(result.GetValue(name)!)} changed");
            if (generated) Console.WriteLine($"password (shown once): {password}");
        }, ct));

        var disable = new Command("disable", "Disable an account and end its sessions") { name };
        disable.SetAction((result, ct) => WithAccounts(result, async (db, accounts) =>
        {
            await accounts.DisableAsync(db, result.GetValue(name)!, "cli", ct);
            Console.WriteLine($"{Accounts.Normalize(result.GetValue(name)!)} disabled");
        }, ct));

        var newRole = new Option<string>("--role") { Description = "reviewer or admin", Required = true };
        var setRole = new Command("role", "Change an account's role; its sessions end") { name, newRole };
        setRole.SetAction((result, ct) => WithAccounts(result, async (db, accounts) =>
        {
            await accounts.SetRoleAsync(db, result.GetValue(name)!, result.GetValue(newRole)!, "cli", ct);
            Console.WriteLine($"{Accounts.Normalize(result.GetValue(name)!)} is now {result.GetValue(newRole)}");
        }, ct));

        var list = new Command("list", "List users with role and state");
        list.SetAction((result, ct) => WithAccounts(result, async (db, _) =>
        {
            foreach (var u in await db.Users.AsNoTracking().OrderBy(u => u.Name).ToListAsync(ct))
                Console.WriteLine($"{u.Name,-24} {u.Role,-9} {(u.DisabledAt is not null ? "disabled" : "active"),-8} last sign-in {u.LastSignInAt?.ToString("yyyy-MM-dd HH:mm") ?? "never"}"
                    + (u.FailedSignIns > 0 ? $", {u.FailedSignIns} failed since (the last {u.LastFailedSignInAt:yyyy-MM-dd HH:mm} from {u.LastFailedSignInFrom})" : ""));
        }, ct));

        return new Command("user", "Accounts of the review workspace (roles: reviewer, admin)") { add, passwd, setRole, disable, list };
    }

    private static Task<int> WithAccounts(ParseResult result, Func<MarketWatchDb, Accounts, Task> act, CancellationToken ct) => CommandLine.Guard(result, async () =>
    {
        var paths = CommandLine.Paths(result);
        await using var services = await CliServices.StartAsync(paths, ct);
        await using var db = await services.GetRequiredService<IDbContextFactory<MarketWatchDb>>().CreateDbContextAsync(ct);
        var options = paths.LoadConfiguration().GetSection("Review").Get<ReviewOptions>() ?? new ReviewOptions();
        await act(db, new Accounts(options));
        return 0;
    });

    // A password typed on a terminal would echo and end up in shell history: a terminal gets a generated one.
    private static async Task<(string Password, bool Generated)> PasswordAsync(bool generate)
    {
        if (generate || !Console.IsInputRedirected) return (Accounts.GeneratePassword(), true);
        var line = await Console.In.ReadLineAsync() ?? throw new InvalidDataException("no password on stdin (pipe one line, or use --generate)");
        return (line.TrimEnd('\r', '\n'), false);
    }
}
