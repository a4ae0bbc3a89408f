using System.Security.Cryptography;
using MarketWatch.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Review.Auth;

public enum SignInOutcome { Ok, Failed, LockedOut }

/// <summary>
/// Users and their passwords: ASP.NET Core Identity's hasher (PBKDF2, per-user salt, versioned format),
/// lockout after repeated failures, every change written to the audit log. Shared by the CLI and the web.
/// </summary>
public sealed class Accounts(ReviewOptions options)
{
    private static readonly PasswordHasher<User> Hasher = new();
    public const int MinPasswordLength = 12;

    public static string Normalize(string name) => name.Trim().ToLowerInvariant();

    /// <summary>A password to print once: 20 characters from an alphabet without look-alikes (~115 bits).</summary>
    public static string GeneratePassword() =>
        RandomNumberGenerator.GetString("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 20);

    public static void CheckName(string name)
    {
        var n = Normalize(name);
        if (n.Length is < 2 or > 64 || !n.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
            throw new InvalidDataException($"user name '{name}': use 2-64 letters, digits, '.', '-' or '_'");
    }

    public static void CheckRole(string role)
    {
        if (!Roles.All.Contains(role)) throw new InvalidDataException($"role '{role}' is not one of: {string.Join(", ", Roles.All)}");
    }

    public static void CheckPassword(string password)
    {
        if (password.Length < MinPasswordLength) throw new InvalidDataException($"password too short: at least {MinPasswordLength} characters");
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

    /// <summary>Sets a new password, unlocks and re-enables the account, and signs out its sessions.</summary>
    public async Task SetPasswordAsync(MarketWatchDb db, string name, string password, string actor, CancellationToken ct)
    {
        CheckPassword(password);
        var user = await FindAsync(db, name, ct) ?? throw new InvalidDataException($"no user '{Normalize(name)}'");
        user.PasswordHash = Hasher.HashPassword(user, password);
        (user.SecurityStamp, user.FailedSignIns, user.LockedUntil, user.DisabledAt) = (NewStamp(), 0, null, null);
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
    /// Checks a password. An unknown name costs a hash too (no timing tell), failures count towards a lockout,
    /// and a locked or disabled account fails even with the right password. Every attempt is audited.
    /// </summary>
    public async Task<(SignInOutcome Outcome, User? User)> SignInAsync(MarketWatchDb db, string name, string password, string from, CancellationToken ct)
    {
        var now = DateTime.UtcNow;
        var user = await FindAsync(db, name, ct);
        if (user is null)
        {
            Hasher.VerifyHashedPassword(Dummy, DummyHash, password);
            Audit.Add(db, Normalize(name), "sign-in-failed", null, note: $"unknown user, from {from}");
            await db.SaveChangesAsync(ct);
            return (SignInOutcome.Failed, null);
        }
        if (user.LockedUntil > now)
        {
            Audit.Add(db, user.Name, "sign-in-failed", $"user {user.Name}", note: $"locked until {user.LockedUntil:u}, from {from}");
            await db.SaveChangesAsync(ct);
            return (SignInOutcome.LockedOut, user);
        }
        var verdict = Hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed || user.DisabledAt is not null)
        {
            user.FailedSignIns++;
            var locked = user.FailedSignIns >= options.LockoutFailures;
            if (locked) (user.LockedUntil, user.FailedSignIns) = (now.AddMinutes(options.LockoutMinutes), 0);
            Audit.Add(db, user.Name, locked ? "locked-out" : "sign-in-failed", $"user {user.Name}",
                note: (user.DisabledAt is not null ? "account disabled, " : "") + $"from {from}");
            await db.SaveChangesAsync(ct);
            return (locked ? SignInOutcome.LockedOut : SignInOutcome.Failed, user);
        }
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded) user.PasswordHash = Hasher.HashPassword(user, password);
        (user.FailedSignIns, user.LockedUntil, user.LastSignInAt) = (0, null, now);
        Audit.Add(db, user.Name, "sign-in", $"user {user.Name}", note: $"from {from}");
        await db.SaveChangesAsync(ct);
        return (SignInOutcome.Ok, user);
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
