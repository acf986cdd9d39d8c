using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace OpenClue.Server.Platform.Persistence;

public static class DbErrors
{
    /// <summary>True when the database refused the change because of a unique constraint (SQLite 2067/1555, PostgreSQL 23505).</summary>
    public static bool IsUniqueViolation(DbUpdateException ex) => ex.InnerException switch
    {
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        DbException db => db.SqlState == "23505",
        _ => false,
    };
}
