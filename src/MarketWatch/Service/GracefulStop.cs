using System.Runtime.InteropServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MarketWatch.Service;

/// <summary>
/// How `serve` stops (systemd's `systemctl stop` sends SIGTERM, a terminal Ctrl+C sends SIGINT). The first signal
/// stops the host: the application-stopping token cancels every running crawl at its next safe point (a page is
/// committed whole or left pending), the runs are marked interrupted, Quartz shuts down with no job still executing
/// (it interrupts them too, then waits), and Chromium closes with the host. The whole stop is bounded by
/// <see cref="StopSeconds"/>. A second signal during the stop ends the process at once: the per-page transaction
/// keeps the database whole, and the next start resumes what was left.
/// </summary>
public static class GracefulStop
{
    /// <summary>
    /// The bound on the host's stop (a crawl stops in well under a second; this is for a loaded machine). Chromium's close
    /// adds at most BrowserFetcher.CloseTimeout, the runtime's exit a little more: under 5 s in all. The unit's
    /// TimeoutStopSec leaves margin above it (deploy/marketwatch.service).
    /// </summary>
    public const double StopSeconds = 2.5;

    private static string? _cause;

    /// <summary>Why the process is stopping ("SIGTERM", "SIGINT"), for the runs it interrupts; null until a signal came.</summary>
    public static string? Cause => Volatile.Read(ref _cause);

    public static IServiceCollection AddGracefulStop(this IServiceCollection services) =>
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(StopSeconds))
            .AddHostedService<SignalWatch>();

    /// <summary>Registered before the host starts, so it sees every signal; the host's own console lifetime stops the app.</summary>
    private sealed class SignalWatch(IHostApplicationLifetime lifetime, ILogger<SignalWatch> log) : IHostedService, IDisposable
    {
        private readonly List<PosixSignalRegistration> _registrations = [];
        private int _signals;

        public Task StartAsync(CancellationToken ct)
        {
            _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal));
            _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal));
            return Task.CompletedTask;
        }

        private void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;   // the process does not end on the signal itself: the host stops it
            var name = context.Signal == PosixSignal.SIGTERM ? "SIGTERM" : "SIGINT";
            if (Interlocked.Increment(ref _signals) == 1)
            {
                Interlocked.CompareExchange(ref _cause, name, null);
                log.LogWarning("{Signal}: stopping (at most {Seconds} s); running crawls are interrupted and resume at the next start; send it again to stop at once",
                    name, StopSeconds);
                lifetime.StopApplication();
                return;
            }
            // The operator insists: no more waiting. Children (the Playwright driver, Chromium) go first, so none outlives us.
            Console.Error.WriteLine($"{name} again: stopping at once");
            ProcessTree.KillChildren();
            Exit(128 + (context.Signal == PosixSignal.SIGTERM ? 15 : 2));
        }

        // _exit(2): no ProcessExit handlers, which would wait for the host's stop this signal means to cut short.
        [DllImport("libc", EntryPoint = "_exit")]
        private static extern void Exit(int status);

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

        public void Dispose()
        {
            foreach (var r in _registrations) r.Dispose();
        }
    }
}
