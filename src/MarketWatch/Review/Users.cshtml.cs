using MarketWatch.Data;
using MarketWatch.Review.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Review;

/// <summary>Admins only: accounts, with add, reset password (which also lifts a sign-in delay on the name) and disable.</summary>
[Authorize(Policy = AuthSetup.AdminPolicy)]
public sealed class UsersModel(IDbContextFactory<MarketWatchDb> dbFactory, Accounts accounts, SignInThrottle throttle) : PageModel
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
        (Message, Password) = ($"user {Accounts.Normalize(name)} added as {role}; give them this password, it is shown once:", password);
    }, ct);

    public Task<IActionResult> OnPostResetAsync(string? name, CancellationToken ct) => ActAsync(async db =>
    {
        name ??= "";
        var password = Accounts.GeneratePassword();
        await accounts.SetPasswordAsync(db, name, password, User.Actor(), ct);
        throttle.Succeeded(SignInThrottle.NameKey(name));   // the new password is not held back by the old one's failures
        (Message, Password) = ($"user {Accounts.Normalize(name)}: new password (unlocked, signed out everywhere), shown once:", password);
    }, ct);

    public Task<IActionResult> OnPostDisableAsync(string? name, CancellationToken ct) => ActAsync(async db =>
    {
        name ??= "";
        if (Accounts.Normalize(name) == User.Actor()) throw new InvalidDataException("you cannot disable your own account");
        await accounts.DisableAsync(db, name, User.Actor(), ct);
        Message = $"user {Accounts.Normalize(name)} disabled and signed out";
    }, ct);

    private async Task<IActionResult> ActAsync(Func<MarketWatchDb, Task> act, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        try { await act(db); }
        catch (InvalidDataException e) { Message = "error: " + e.Message; }
        return RedirectToPage();
    }
}
