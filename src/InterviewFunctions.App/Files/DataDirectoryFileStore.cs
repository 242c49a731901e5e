using InterviewFunctions.Core.Files;

namespace InterviewFunctions.App.Files;

/// <summary>
/// Files in a folder (by default <c>{DataDirectory}/files</c>), at the path their key names. Each write goes to a
/// temporary file beside the target and is then moved over it, so a reader sees the old file or the new one, never
/// half of one. The content type is kept in a sidecar <c>{file}~type</c>; '~' is not a key character, so no key can
/// name a sidecar or a temporary file.
/// </summary>
public sealed class DataDirectoryFileStore : IFileStore
{
    private const string TypeSuffix = "~type";
    private const string DefaultContentType = "application/octet-stream";

    public DataDirectoryFileStore(string root)
    {
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    public async Task PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        FileKeys.ValidateContentType(contentType);
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}~{Guid.NewGuid():N}.tmp";
        var temporaryType = temporary + TypeSuffix;
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await content.CopyToAsync(file, cancellationToken);
                // On disk before the move makes it visible, so that a crash cannot leave an empty file under the key.
                file.Flush(flushToDisk: true);
            }
            await File.WriteAllTextAsync(temporaryType, contentType, cancellationToken);
            // The type first: a reader racing a replacement may see the new type with the old content for an instant,
            // which for uploads (a key names one document) is the same type in practice.
            File.Move(temporaryType, path + TypeSuffix, overwrite: true);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
            File.Delete(temporaryType);
        }
    }

    public async Task<StoredFile?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        FileStream stream;
        try
        {
            // Delete sharing, so that a replacement or a delete need not wait for readers.
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, FileOptions.Asynchronous);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        string contentType;
        try
        {
            contentType = (await File.ReadAllTextAsync(path + TypeSuffix, cancellationToken)).Trim();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            contentType = DefaultContentType;
        }
        return new StoredFile(stream, contentType.Length > 0 ? contentType : DefaultContentType, stream.Length);
    }

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        var existed = File.Exists(path);
        if (existed)
        {
            File.Delete(path);
        }
        if (File.Exists(path + TypeSuffix))
        {
            File.Delete(path + TypeSuffix);
        }
        return Task.FromResult(existed);
    }

    private string PathOf(string key)
    {
        FileKeys.Validate(key);
        var path = Path.GetFullPath(Path.Combine(Root, key.Replace('/', Path.DirectorySeparatorChar)));
        // The key rules already keep a key inside the root; this guards against a future change to them.
        if (!path.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{key}' leads outside the file store.", nameof(key));
        }
        return path;
    }
}
