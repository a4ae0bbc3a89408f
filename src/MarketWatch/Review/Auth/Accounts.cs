using System.Security.Cryptography;
using MarketWatch.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Review.Auth;

/// <summary>A checked sign-in; on success, how many failed ones came before it since the last good one (told to the user).</summary>
public sealed record SignInResult(User? User, int FailedBefore = 0, DateTime? LastFailedAt = null, string? LastFailedFrom = null)
{
    public bool Ok => User is not null;
}

/// <summary>
/// Users and their passwords: ASP.NET Core Identity's hasher (PBKDF2, per-user salt, versioned format), failed
/// sign-ins counted per account, every change written to the audit log. Shared by the CLI and the web.
/// </summary>
public sealed class Accounts(ReviewOptions options)
{
    private static readonly PasswordHasher<User> Hasher = new();
    public const int MinPasswordLength = 12, MaxPasswordLength = 1024, MaxNameLength = 64;

    public static string Normalize(string name) => name.Trim().ToLowerInvariant();

    /// <summary>A password to print once: 20 characters from an alphabet without look-alikes (~115 bits).</summary>
    public static string GeneratePassword() =>
        RandomNumberGenerator.GetString("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 20);

    private static bool IsValidName(string normalized) =>
        normalized.Length is >= 2 and <= MaxNameLength && normalized.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');

    public static void CheckName(string name)
    {
        var n = Normalize(name);
        if (!IsValidName(n)) throw new InvalidDataException($"user name '{name}': use 2-{MaxNameLength} letters, digits, '.', '-' or '_'");
    }

    public static void CheckRole(string role)
    {
        if (!Roles.All.Contains(role)) throw new InvalidDataException($"role '{role}' is not one of: {string.Join(", ", Roles.All)}");
    }

    public static void CheckPassword(string password)
    {
        if (password.Length < MinPasswordLength) throw new InvalidDataException($"password too short: at least {MinPasswordLength} characters");
        if (password.Length > MaxPasswordLength) throw new InvalidDataException($"password too long: at most {MaxPasswordLength} characters");
    }

    public async Task<User> AddAsync(MarketWatchDb db, string name, string role, string password, string actor, CancellationToken ct)
    {
        CheckName(name);
        CheckRole(role);
        CheckPassword(password);
        var n = Normalize(name);
        if (await db.Users.AnyAsync(u => u.Name == n, ct)) throw new InvalidDataException($"user '{n}' already exists (use `user passwd` to reset the password)");
        var user = new User { Name = n, Role = role, PasswordHash = "", SecurityStamp = NewStamp(), CreatedAt = DateTime.UtcNow };
        user.PasswordHash = Hasher.HashPassword(user, password);
        db.Users.Add(user);
        Audit.Add(db, actor, "user-add", $"user {n}", after: role);
        await db.SaveChangesAsync(ct);
        return user;
    }

    /// <summary>Sets a new password, re-enables the account, and signs out its sessions.</summary>
    public async Task SetPasswordAsync(MarketWatchDb db, string name, string password, string actor, CancellationToken ct)
    {
        CheckPassword(password);
        var user = await FindAsync(db, name, ct) ?? throw new InvalidDataException($"no user '{Normalize(name)}'");
        user.PasswordHash = Hasher.HashPassword(user, password);
        (user.SecurityStamp, user.DisabledAt) = (NewStamp(), null);
        Audit.Add(db, actor, "user-password", $"user {user.Name}");
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A new role; the account's sessions end, so the next sign-in carries it.</summary>
    public async Task SetRoleAsync(MarketWatchDb db, string name, string role, string actor, CancellationToken ct)
    {
        CheckRole(role);
        var user = await FindAsync(db, name, ct) ?? throw new InvalidDataException($"no user '{Normalize(name)}'");
        Audit.Add(db, actor, "user-role", $"user {user.Name}", before: user.Role, after: role);
        (user.Role, user.SecurityStamp) = (role, NewStamp());
        await db.SaveChangesAsync(ct);
    }

    public async Task DisableAsync(MarketWatchDb db, string name, string actor, CancellationToken ct)
    {
        var user = await FindAsync(db, name, ct) ?? throw new InvalidDataException($"no user '{Normalize(name)}'");
        (user.DisabledAt, user.SecurityStamp) = (DateTime.UtcNow, NewStamp());
        Audit.Add(db, actor, "user-disable", $"user {user.Name}");
        await db.SaveChangesAsync(ct);
    }

    public static Task<User?> FindAsync(MarketWatchDb db, string name, CancellationToken ct)
    {
        var n = Normalize(name);
        return db.Users.FirstOrDefaultAsync(u => u.Name == n, ct);
    }

    /// <summary>
    /// Checks a password. An unknown or impossible name costs a hash too (no timing tell) and is never written down: a
    /// password typed into the name field must not reach the audit log. A disabled account fails even with the right
    /// password. Failures are counted per account; the audit log records each, and a lockout when they reach
    /// Review:LockoutFailures in a row (the web page then slows the name down, see SignInThrottle).
    /// </summary>
    public async Task<SignInResult> SignInAsync(MarketWatchDb db, string name, string password, string from, CancellationToken ct)
    {
        var now = DateTime.UtcNow;
        var user = IsValidName(Normalize(name)) ? await FindAsync(db, name, ct) : null;
        if (user is null)
        {
            Hasher.VerifyHashedPassword(Dummy, DummyHash, password);
            Audit.Add(db, "anonymous", "sign-in-failed", null, note: $"unknown user name, from {from}");
            await db.SaveChangesAsync(ct);
            return new SignInResult(null);
        }
        var verdict = Hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed || user.DisabledAt is not null)
        {
            (user.FailedSignIns, user.LastFailedSignInAt, user.LastFailedSignInFrom) = (user.FailedSignIns + 1, now, from);
            var note = (user.DisabledAt is not null ? "account disabled, " : "") + $"from {from}";
            Audit.Add(db, user.Name, "sign-in-failed", $"user {user.Name}", note: note);
            if (user.FailedSignIns == options.LockoutFailures)
                Audit.Add(db, user.Name, "locked-out", $"user {user.Name}", note: $"{user.FailedSignIns} failed sign-ins in a row, the last {note}: further attempts on this name are slowed");
            await db.SaveChangesAsync(ct);
            return new SignInResult(null);
        }
        var result = new SignInResult(user, user.FailedSignIns, user.LastFailedSignInAt, user.LastFailedSignInFrom);
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded) user.PasswordHash = Hasher.HashPassword(user, password);
        (user.FailedSignIns, user.LastSignInAt) = (0, now);
        Audit.Add(db, user.Name, "sign-in", $"user {user.Name}",
            note: $"from {from}" + (result.FailedBefore > 0 ? $", after {result.FailedBefore} failed sign-in(s), the last from {result.LastFailedFrom}" : ""));
        await db.SaveChangesAsync(ct);
        return result;
    }

    private static string NewStamp() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private static readonly User Dummy = new() { Name = "", Role = Roles.Reviewer, PasswordHash = "", SecurityStamp = "" };
    private static readonly string DummyHash = Hasher.HashPassword(Dummy, GeneratePassword());
}

/// <summary>Appends to the audit log (saved with the caller's SaveChanges, in its transaction).</summary>
public static class Audit
{
    public static void Add(MarketWatchDb db, string actor, string action, string? subject, string? before = null, string? after = null, string? note = null) =>
        db.Audit.Add(new AuditEntry { At = DateTime.UtcNow, Actor = actor, Action = action, Subject = subject, Before = before, After = after, Note = note });
}
