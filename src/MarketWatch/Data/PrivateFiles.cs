namespace MarketWatch.Data;

/// <summary>
/// The data directory is its owner's alone: the database holds password hashes, evidence is material for a court,
/// and reports carry reviewers' names. Directories are made 0700 and files 0600, whatever the umask.
/// </summary>
public static class PrivateFiles
{
    /// <summary>Options for a new file that only its owner may read and write (the umask cannot widen it).</summary>
    public static FileStreamOptions NewFile(FileMode mode = System.IO.FileMode.CreateNew, int bufferSize = 4096)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.None, BufferSize = bufferSize };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        return options;
    }

    private const UnixFileMode GroupAndOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Creates the directory and its missing parents 0700 (.NET would give the parents the umask's mode); existing ones are left as they are.</summary>
    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows()) { Directory.CreateDirectory(path); return; }
        var missing = new Stack<string>();
        for (var dir = Path.GetFullPath(path); !Directory.Exists(dir); dir = Path.GetDirectoryName(dir)!) missing.Push(dir);
        while (missing.TryPop(out var dir)) Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>
    /// Makes an SQLite database file 0600 before SQLite opens it: an empty file is an empty database to SQLite, and
    /// SQLite gives its -wal and -shm files the database file's mode. A file made readable by others before is narrowed.
    /// </summary>
    public static void Database(string path)
    {
        if (OperatingSystem.IsWindows()) return;
        if (!File.Exists(path))
        {
            using (new FileStream(path, NewFile(System.IO.FileMode.OpenOrCreate))) { }
            return;
        }
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            if (File.Exists(file) && (File.GetUnixFileMode(file) & GroupAndOther) != 0) File.SetUnixFileMode(file, File.GetUnixFileMode(file) & ~GroupAndOther);
    }
}
