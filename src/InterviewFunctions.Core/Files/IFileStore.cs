namespace InterviewFunctions.Core.Files;

/// <summary>
/// Where uploaded originals (resumes, transcripts) are kept: a folder of the data directory standalone, a Blob Storage
/// container in Azure. Keys are relative paths such as <c>{tenant}/resumes/{id}.pdf</c>: lower-case letters, digits,
/// '-', '_', '.' and '/' only, never "..".
/// </summary>
public interface IFileStore
{
    /// <summary>Writes the file, replacing any earlier one under the key.</summary>
    Task PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken);

    /// <returns>The content and its type, or null when there is no file under the key. The caller disposes the stream.</returns>
    Task<StoredFile?> OpenReadAsync(string key, CancellationToken cancellationToken);

    /// <returns>False when there was nothing to delete.</returns>
    Task<bool> DeleteAsync(string key, CancellationToken cancellationToken);
}

public sealed record StoredFile(Stream Content, string ContentType, long Length);
