using MarketWatch.Data;
using MarketWatch.Review.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Review;

/// <summary>Admins only: accounts, with add, reset password (which also lifts a sign-in delay on the name) and disable.</summary>
[Authorize(Policy = AuthSetup.AdminPolicy)]
public sealed class UsersModel(IDbContextFactory<MarketWatchDb> dbFactory, Accounts accounts, SignInThrottle throttle, Microsoft.Extensions.Localization.IStringLocalizer<Localisation.Text> t) : PageModel
{
    public List<User> Users { get; private set; } = [];
    [TempData] public string? Message { get; set; }
    [TempData] public string? Password { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        Users = await db.Users.AsNoTracking().OrderBy(u => u.Name).ToListAsync(ct);
    }

    public Task<IActionResult> OnPostAddAsync(string? name, string? role, CancellationToken ct) => ActAsync(async db =>
    {
        (name, role) = (name ?? "", role ?? "");   // a post without the fields gets the form's message, not a 500
        var password = Accounts.GeneratePassword();
        await accounts.AddAsync(db, name, role, password, User.Actor(), ct);
        (Message, Password) = (t["user {0} added as {1}; give them this password, it is shown once:", Accounts.Normalize(name), t[role]], password);
    }, ct);

    public Task<IActionResult> OnPostResetAsync(string? name, CancellationToken ct) => ActAsync(async db =>
    {
        name ??= "";
        var password = Accounts.GeneratePassword();
        await accounts.SetPasswordAsync(db, name, password, User.Actor(), ct);
        throttle.Succeeded(SignInThrottle.NameKey(name));   // the new password is not held back by the old one's failures
        (Message, Password) = (t["user {0}: new password (unlocked, signed out everywhere), shown once:", Accounts.Normalize(name)], password);
    }, ct);

    public Task<IActionResult> OnPostDisableAsync(string? name, CancellationToken ct) => ActAsync(async db =>
    {
        name ??= "";
        if (Accounts.Normalize(name) == User.Actor()) throw new InvalidDataException("you cannot disable your own account");
        await accounts.DisableAsync(db, name, User.Actor(), ct);
        Message = t["user {0} disabled and signed out", Accounts.Normalize(name)];
    }, ct);

    private async Task<IActionResult> ActAsync(Func<MarketWatchDb, Task> act, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        try { await act(db); }
        catch (InvalidDataException e) { Message = t["error: {0}", e.Message]; }   // the reason is the account code's (English, as on the CLI)
        return RedirectToPage();
    }
}
