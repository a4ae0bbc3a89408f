using MarketWatch.Data;
using MarketWatch.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Tests.Review;

public class ContactsBackfillTests
{
    [Fact]
    public async Task Listings_stored_before_contacts_existed_get_theirs_at_the_next_start_once()
    {
        await using var db = await TestDb.CreateAsync();
        await using (var context = db.Open())
        {
            context.Listings.Add(new Listing { Marketplace = "tokopedia", ProductId = "old-1", Title = "Unblock IMEI", Description = "order WA 0813-7222-4519", Url = "https://www.tokopedia.com/a/b" });
            await context.SaveChangesAsync();
        }
        var start = await AppProcess.RunAsync("--data-dir", db.DataDir, "listings");   // any verb prepares the database
        Assert.True(start.ExitCode == 0, start.ToString());
        await using (var context = db.Open())
        {
            Assert.Equal(["phone 6281372224519"], await context.Contacts.Select(c => c.Kind + " " + c.Value).ToListAsync());
            context.Contacts.RemoveRange(context.Contacts);                                   // gone again: the backfill must not rerun
            await context.SaveChangesAsync();
        }
        await AppProcess.RunAsync("--data-dir", db.DataDir, "listings");
        await using (var context = db.Open()) Assert.Equal(0, await context.Contacts.CountAsync());
    }
}
