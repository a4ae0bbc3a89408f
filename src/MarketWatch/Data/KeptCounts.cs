using Microsoft.EntityFrameworkCore.Migrations;

namespace MarketWatch.Data;

/// <summary>
/// DailyCounts, SellerCounts and QueueCounts are kept by triggers in the database, not by application code: every
/// writer (the crawl pipeline, decisions, a bulk copy, a hand-written UPDATE) keeps them right, in the same
/// transaction as the change. The dashboard and the queue's status tabs then read a few rows instead of counting
/// listings on every view. Listings count by their current state (flagged now, confirmed now, in the queue with
/// this status now); confirmations count once per listing and decision day, from the append-only ReviewDecisions.
/// </summary>
public static class KeptCounts
{
    public static void Install(MigrationBuilder m)
    {
        var statements = m.ActiveProvider switch
        {
            "Microsoft.EntityFrameworkCore.Sqlite" => Sqlite,
            "Npgsql.EntityFrameworkCore.PostgreSQL" => Postgres,
            var other => throw new NotSupportedException($"no dashboard count triggers for provider {other}"),
        };
        foreach (var sql in statements) m.Sql(sql);
    }

    public static void Uninstall(MigrationBuilder m)
    {
        var sqlite = m.ActiveProvider == "Microsoft.EntityFrameworkCore.Sqlite";
        foreach (var trigger in new[] { "Listings_counts_insert", "Listings_counts_update", "Listings_counts_delete", "ReviewDecisions_counts" })
            m.Sql(sqlite ? $"DROP TRIGGER IF EXISTS {trigger};" : $"DROP TRIGGER IF EXISTS \"{trigger}\" ON \"{(trigger.StartsWith("Review") ? "ReviewDecisions" : "Listings")}\";");
        if (!sqlite) m.Sql("DROP FUNCTION IF EXISTS mw_listing_counts(), mw_decision_counts(), mw_utc_day(timestamptz), mw_utc_day(timestamp);");
    }

    // EF stores a DateTime as 'yyyy-MM-dd HH:mm:ss.FFFFFFF' (UTC here) and a DateOnly as 'yyyy-MM-dd': the day is the prefix.
    private const string SqliteAddListing = """
        INSERT INTO DailyCounts (Day, Marketplace, Flagged, Confirmed)
          SELECT substr(NEW.FirstSeenAt, 1, 10), NEW.Marketplace, 1, 0 WHERE NEW.Flagged
          ON CONFLICT (Day, Marketplace) DO UPDATE SET Flagged = Flagged + 1;
        INSERT INTO SellerCounts (SellerId, Flagged, Confirmed)
          SELECT NEW.SellerId, NEW.Flagged, NEW.ReviewStatus = 'Confirmed' WHERE NEW.SellerId IS NOT NULL AND (NEW.Flagged OR NEW.ReviewStatus = 'Confirmed')
          ON CONFLICT (SellerId) DO UPDATE SET Flagged = Flagged + excluded.Flagged, Confirmed = Confirmed + excluded.Confirmed;
        INSERT INTO QueueCounts (Marketplace, ReviewStatus, Count)
          SELECT NEW.Marketplace, NEW.ReviewStatus, 1 WHERE NEW.Flagged OR NEW.ReviewStatus <> 'Pending'
          ON CONFLICT (Marketplace, ReviewStatus) DO UPDATE SET Count = Count + 1;
        """;

    private const string SqliteRemoveListing = """
        UPDATE DailyCounts SET Flagged = Flagged - 1 WHERE OLD.Flagged AND Day = substr(OLD.FirstSeenAt, 1, 10) AND Marketplace = OLD.Marketplace;
        UPDATE SellerCounts SET Flagged = Flagged - OLD.Flagged, Confirmed = Confirmed - (OLD.ReviewStatus = 'Confirmed') WHERE SellerId = OLD.SellerId;
        UPDATE QueueCounts SET Count = Count - 1
          WHERE (OLD.Flagged OR OLD.ReviewStatus <> 'Pending') AND Marketplace = OLD.Marketplace AND ReviewStatus = OLD.ReviewStatus;
        """;

    public static readonly string[] Sqlite =
    [
        $"""
        CREATE TRIGGER Listings_counts_insert AFTER INSERT ON Listings WHEN NEW.Flagged OR NEW.ReviewStatus <> 'Pending'
        BEGIN
        {SqliteAddListing}
        END;
        """,
        // SQLite fires UPDATE OF for every column in the SET list, changed or not: the WHEN skips the no-ops.
        $"""
        CREATE TRIGGER Listings_counts_update AFTER UPDATE OF Flagged, ReviewStatus, SellerId, Marketplace, FirstSeenAt ON Listings
        WHEN OLD.Flagged <> NEW.Flagged OR OLD.ReviewStatus <> NEW.ReviewStatus OR OLD.SellerId IS NOT NEW.SellerId
          OR OLD.Marketplace <> NEW.Marketplace OR substr(OLD.FirstSeenAt, 1, 10) <> substr(NEW.FirstSeenAt, 1, 10)
        BEGIN
        {SqliteRemoveListing}
        {SqliteAddListing}
        END;
        """,
        $"""
        CREATE TRIGGER Listings_counts_delete AFTER DELETE ON Listings WHEN OLD.Flagged OR OLD.ReviewStatus <> 'Pending'
        BEGIN
        {SqliteRemoveListing}
        END;
        """,
        """
        CREATE TRIGGER ReviewDecisions_counts AFTER INSERT ON ReviewDecisions
        WHEN NEW."After" = 'Confirmed' AND NOT EXISTS (SELECT 1 FROM ReviewDecisions d WHERE d.ListingId = NEW.ListingId AND d."After" = 'Confirmed'
          AND d.Id <> NEW.Id AND substr(d.DecidedAt, 1, 10) = substr(NEW.DecidedAt, 1, 10))
        BEGIN
          INSERT INTO DailyCounts (Day, Marketplace, Flagged, Confirmed)
            SELECT substr(NEW.DecidedAt, 1, 10), l.Marketplace, 0, 1 FROM Listings l WHERE l.Id = NEW.ListingId
            ON CONFLICT (Day, Marketplace) DO UPDATE SET Confirmed = Confirmed + 1;
        END;
        """,
        // Counts for the rows already there when the triggers arrive.
        """
        INSERT INTO DailyCounts (Day, Marketplace, Flagged, Confirmed)
          SELECT substr(FirstSeenAt, 1, 10), Marketplace, COUNT(*), 0 FROM Listings WHERE Flagged GROUP BY 1, 2;
        INSERT INTO DailyCounts (Day, Marketplace, Flagged, Confirmed)
          SELECT substr(d.DecidedAt, 1, 10), l.Marketplace, 0, COUNT(DISTINCT d.ListingId) FROM ReviewDecisions d JOIN Listings l ON l.Id = d.ListingId
          WHERE d."After" = 'Confirmed' GROUP BY 1, 2
          ON CONFLICT (Day, Marketplace) DO UPDATE SET Confirmed = excluded.Confirmed;
        INSERT INTO SellerCounts (SellerId, Flagged, Confirmed)
          SELECT SellerId, SUM(Flagged), SUM(ReviewStatus = 'Confirmed') FROM Listings
          WHERE SellerId IS NOT NULL AND (Flagged OR ReviewStatus = 'Confirmed') GROUP BY SellerId;
        INSERT INTO QueueCounts (Marketplace, ReviewStatus, Count)
          SELECT Marketplace, ReviewStatus, COUNT(*) FROM Listings WHERE Flagged OR ReviewStatus <> 'Pending' GROUP BY 1, 2;
        """,
    ];

    /// <summary>
    /// The same for PostgreSQL (checked by hand on PostgreSQL 15 against a direct count, with timestamptz and with
    /// timestamp columns and a session zone other than UTC; the provider itself lands with issue 15 part A).
    /// mw_utc_day is overloaded so the triggers read the UTC day whether the columns are timestamptz or timestamp.
    /// </summary>
    public static readonly string[] Postgres =
    [
        """
        CREATE FUNCTION mw_utc_day(timestamptz) RETURNS date LANGUAGE sql IMMUTABLE AS $$ SELECT ($1 AT TIME ZONE 'UTC')::date $$;
        CREATE FUNCTION mw_utc_day(timestamp) RETURNS date LANGUAGE sql IMMUTABLE AS $$ SELECT $1::date $$;
        CREATE FUNCTION mw_listing_counts() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP IN ('UPDATE', 'DELETE') THEN
            IF OLD."Flagged" THEN
              UPDATE "DailyCounts" SET "Flagged" = "Flagged" - 1 WHERE "Day" = mw_utc_day(OLD."FirstSeenAt") AND "Marketplace" = OLD."Marketplace";
            END IF;
            UPDATE "SellerCounts" SET "Flagged" = "Flagged" - OLD."Flagged"::int, "Confirmed" = "Confirmed" - (OLD."ReviewStatus" = 'Confirmed')::int
              WHERE "SellerId" = OLD."SellerId";
            UPDATE "QueueCounts" SET "Count" = "Count" - 1
              WHERE (OLD."Flagged" OR OLD."ReviewStatus" <> 'Pending') AND "Marketplace" = OLD."Marketplace" AND "ReviewStatus" = OLD."ReviewStatus";
          END IF;
          IF TG_OP IN ('INSERT', 'UPDATE') THEN
            IF NEW."Flagged" THEN
              INSERT INTO "DailyCounts" ("Day", "Marketplace", "Flagged", "Confirmed") VALUES (mw_utc_day(NEW."FirstSeenAt"), NEW."Marketplace", 1, 0)
                ON CONFLICT ("Day", "Marketplace") DO UPDATE SET "Flagged" = "DailyCounts"."Flagged" + 1;
            END IF;
            IF NEW."SellerId" IS NOT NULL AND (NEW."Flagged" OR NEW."ReviewStatus" = 'Confirmed') THEN
              INSERT INTO "SellerCounts" ("SellerId", "Flagged", "Confirmed") VALUES (NEW."SellerId", NEW."Flagged"::int, (NEW."ReviewStatus" = 'Confirmed')::int)
                ON CONFLICT ("SellerId") DO UPDATE SET "Flagged" = "SellerCounts"."Flagged" + EXCLUDED."Flagged", "Confirmed" = "SellerCounts"."Confirmed" + EXCLUDED."Confirmed";
            END IF;
            IF NEW."Flagged" OR NEW."ReviewStatus" <> 'Pending' THEN
              INSERT INTO "QueueCounts" ("Marketplace", "ReviewStatus", "Count") VALUES (NEW."Marketplace", NEW."ReviewStatus", 1)
                ON CONFLICT ("Marketplace", "ReviewStatus") DO UPDATE SET "Count" = "QueueCounts"."Count" + 1;
            END IF;
          END IF;
          RETURN NULL;
        END $$;
        CREATE FUNCTION mw_decision_counts() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW."After" = 'Confirmed' AND NOT EXISTS (SELECT 1 FROM "ReviewDecisions" d WHERE d."ListingId" = NEW."ListingId"
               AND d."After" = 'Confirmed' AND d."Id" <> NEW."Id" AND mw_utc_day(d."DecidedAt") = mw_utc_day(NEW."DecidedAt")) THEN
            INSERT INTO "DailyCounts" ("Day", "Marketplace", "Flagged", "Confirmed")
              SELECT mw_utc_day(NEW."DecidedAt"), l."Marketplace", 0, 1 FROM "Listings" l WHERE l."Id" = NEW."ListingId"
              ON CONFLICT ("Day", "Marketplace") DO UPDATE SET "Confirmed" = "DailyCounts"."Confirmed" + 1;
          END IF;
          RETURN NULL;
        END $$;
        """,
        """
        CREATE TRIGGER "Listings_counts_insert" AFTER INSERT ON "Listings" FOR EACH ROW EXECUTE FUNCTION mw_listing_counts();
        CREATE TRIGGER "Listings_counts_delete" AFTER DELETE ON "Listings" FOR EACH ROW EXECUTE FUNCTION mw_listing_counts();
        CREATE TRIGGER "Listings_counts_update" AFTER UPDATE OF "Flagged", "ReviewStatus", "SellerId", "Marketplace", "FirstSeenAt" ON "Listings" FOR EACH ROW
          WHEN (OLD."Flagged" IS DISTINCT FROM NEW."Flagged" OR OLD."ReviewStatus" IS DISTINCT FROM NEW."ReviewStatus"
            OR OLD."SellerId" IS DISTINCT FROM NEW."SellerId" OR OLD."Marketplace" IS DISTINCT FROM NEW."Marketplace"
            OR mw_utc_day(OLD."FirstSeenAt") IS DISTINCT FROM mw_utc_day(NEW."FirstSeenAt"))
          EXECUTE FUNCTION mw_listing_counts();
        CREATE TRIGGER "ReviewDecisions_counts" AFTER INSERT ON "ReviewDecisions" FOR EACH ROW EXECUTE FUNCTION mw_decision_counts();
        """,
        """
        INSERT INTO "DailyCounts" ("Day", "Marketplace", "Flagged", "Confirmed")
          SELECT mw_utc_day("FirstSeenAt"), "Marketplace", COUNT(*), 0 FROM "Listings" WHERE "Flagged" GROUP BY 1, 2;
        INSERT INTO "DailyCounts" ("Day", "Marketplace", "Flagged", "Confirmed")
          SELECT mw_utc_day(d."DecidedAt"), l."Marketplace", 0, COUNT(DISTINCT d."ListingId") FROM "ReviewDecisions" d JOIN "Listings" l ON l."Id" = d."ListingId"
          WHERE d."After" = 'Confirmed' GROUP BY 1, 2
          ON CONFLICT ("Day", "Marketplace") DO UPDATE SET "Confirmed" = EXCLUDED."Confirmed";
        INSERT INTO "SellerCounts" ("SellerId", "Flagged", "Confirmed")
          SELECT "SellerId", SUM("Flagged"::int), SUM(("ReviewStatus" = 'Confirmed')::int) FROM "Listings"
          WHERE "SellerId" IS NOT NULL AND ("Flagged" OR "ReviewStatus" = 'Confirmed') GROUP BY "SellerId";
        INSERT INTO "QueueCounts" ("Marketplace", "ReviewStatus", "Count")
          SELECT "Marketplace", "ReviewStatus", COUNT(*) FROM "Listings" WHERE "Flagged" OR "ReviewStatus" <> 'Pending' GROUP BY 1, 2;
        """,
    ];
}
