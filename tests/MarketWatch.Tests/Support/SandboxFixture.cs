using MarketWatch.Sandbox;

namespace MarketWatch.Tests.Support;

/// <summary>The sandbox marketplace on a free loopback port, shared by the tests of one class.</summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    private SandboxServer? _server;
    public SandboxServer Server => _server!;
    public string Url => _server!.Url;
    public static string FixturesDir => System.IO.Path.Combine(AppPaths.RepositoryRoot, "fixtures");

    public async Task InitializeAsync() => _server = await SandboxServer.StartAsync(FixturesDir, "http://127.0.0.1:0");

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
