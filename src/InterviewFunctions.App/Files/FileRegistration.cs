using InterviewFunctions.App.AzureStorage;
using InterviewFunctions.App.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using InterviewFunctions.Core.Files;
using Microsoft.Extensions.Options;

namespace InterviewFunctions.App.Files;

public static class FileRegistration
{
    /// <summary>The <see cref="IFileStore"/> chosen by <c>Files:Provider</c>: <c>local</c> (the default) or <c>blob</c>.</summary>
    public static IServiceCollection AddFiles(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(FileStoreOptions.Section);
        services.Configure<FileStoreOptions>(section);
        var options = section.Get<FileStoreOptions>() ?? new FileStoreOptions();
        services.TryAddSingleton(TimeProvider.System);
        switch (options.Provider.ToLowerInvariant())
        {
            case "local":
                services.AddSingleton<IFileStore>(sp =>
                {
                    var files = sp.GetRequiredService<IOptions<FileStoreOptions>>().Value;
                    return new DataDirectoryFileStore(string.IsNullOrWhiteSpace(files.Directory)
                        ? Path.Combine(sp.GetRequiredService<IOptions<StorageOptions>>().Value.DataDirectoryFullPath, "files")
                        : files.Directory);
                });
                break;
            case "blob":
                var access = StorageAccess.Register(services, options.ConnectionString, options.ServiceUri, StorageService.Blob, FileStoreOptions.Section, nameof(FileStoreOptions.ServiceUri));
                // Long enough for one 4 MiB block on a slow link; each block is its own request.
                services.AddKeyedSingleton(FilesHttpClient, (_, _) => StorageAccess.NewHttpClient(TimeSpan.FromMinutes(2)));
                services.AddSingleton<IFileStore>(sp => new BlobFileStore(sp.GetRequiredKeyedService<HttpClient>(FilesHttpClient), access.Authorization(sp),
                    access.ServiceUri, options.Container, options.CreateContainer, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<BlobFileStore>>()));
                break;
            default:
                throw new InvalidOperationException($"Files:Provider must be 'local' or 'blob'; it is '{options.Provider}'.");
        }
        return services;
    }

    private const string FilesHttpClient = "files";
}
