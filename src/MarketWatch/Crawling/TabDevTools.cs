using Microsoft.Playwright;

namespace MarketWatch.Crawling;

/// <summary>A tab's DevTools session, opened at its first use and kept with the tab: the snapshot and the pool's collections share it.</summary>
internal static class TabDevTools
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IPage, ICDPSession> Sessions = new();

    public static async Task<ICDPSession> SessionAsync(IPage tab)
    {
        if (!Sessions.TryGetValue(tab, out var cdp))
        {
            cdp = await tab.Context.NewCDPSessionAsync(tab);
            Sessions.AddOrUpdate(tab, cdp);
        }
        return cdp;
    }
}
