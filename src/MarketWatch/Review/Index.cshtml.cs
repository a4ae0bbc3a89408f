using MarketWatch.Cli;
using MarketWatch.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Review;

/// <summary>The first screen: flagged listings, highest score first.</summary>
public sealed class IndexModel(IDbContextFactory<MarketWatchDb> dbFactory) : PageModel
{
    public List<ListingsCommand.Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        Rows = await ListingsCommand.QueryAsync(db, onlyFlagged: true, marketplace: null, ct);
    }
}
