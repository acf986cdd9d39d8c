namespace OpenClue.Server.Nsml.Images;

/// <summary>201 body of a registered image repository (N3).</summary>
public sealed record RegistryCreated(string PrivateEp);

/// <summary>One image repository (§4.6); <c>secretKey</c> is masked, never returned in clear (N8).</summary>
public sealed record DockerCredentialView(string PrivateEp, string AccessKey, string SecretKey, string CreateTime);

/// <summary>Note <c>totalSize</c>, not <c>totalCount</c>, as documented.</summary>
public sealed record DockerCredentialsResponse(IReadOnlyList<DockerCredentialView> DockerCredentials, int TotalSize);

public sealed record RegistryDeleted(string PrivateEp);
