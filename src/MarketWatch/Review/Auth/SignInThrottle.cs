using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;

namespace MarketWatch.Review.Auth;

/// <summary>
/// The growing delay on a user name after failed sign-ins: after Review:LockoutFailures failures in a row the next attempt
/// must wait 30 s, and each further failure doubles the wait, up to Review:LockoutMinutes. Attempts made during a wait
/// are answered without checking the password. Names that exist and names that do not are kept alike (by hash, in
/// memory), so the answer never tells which accounts exist; the per-address rate limiter bounds how many there are.
/// The same counts are kept for browsers that signed in before (<see cref="TrustedBrowsers"/>), which a stranger's
/// failures on the name do not hold back.
/// </summary>
public sealed class SignInThrottle(ReviewOptions options, TimeProvider clock) : IDisposable
{
    public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(30);
    private readonly MemoryCache _streaks = new(new MemoryCacheOptions { SizeLimit = 100_000 });

    private sealed class Streak
    {
        public int Failures;
        public DateTimeOffset NotBefore;
    }

    public static string NameKey(string name) => "name:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Accounts.Normalize(name))));

    public static string BrowserKey(string browserId) => "browser:" + browserId;

    /// <summary>How long attempts for this key must still wait; null when the password may be checked now.</summary>
    public TimeSpan? Wait(string key)
    {
        if (!_streaks.TryGetValue(key, out Streak? streak) || streak is null) return null;
        lock (streak)
        {
            var left = streak.NotBefore - clock.GetUtcNow();
            return left > TimeSpan.Zero ? left : null;
        }
    }

    /// <summary>Counts a failed attempt and returns the failures in a row.</summary>
    public int Failed(string key)
    {
        var streak = _streaks.GetOrCreate(key, e => { e.Size = 1; e.SlidingExpiration = TimeSpan.FromDays(1); return new Streak(); })!;
        lock (streak)
        {
            streak.Failures++;
            if (streak.Failures >= options.LockoutFailures)
            {
                var delay = FirstDelay * Math.Pow(2, Math.Min(streak.Failures - options.LockoutFailures, 16));
                var longest = TimeSpan.FromMinutes(options.LockoutMinutes);
                streak.NotBefore = clock.GetUtcNow() + (delay < longest ? delay : longest);
            }
            return streak.Failures;
        }
    }

    public void Succeeded(string key) => _streaks.Remove(key);

    public void Dispose() => _streaks.Dispose();
}
