namespace OpenClue.Client;

/// <summary>Header names carrying an NCP signature v2.</summary>
public static class NcpSignatureHeaders
{
    public const string Timestamp = "x-ncp-apigw-timestamp";
    public const string AccessKey = "x-ncp-iam-access-key";
    public const string Signature = "x-ncp-apigw-signature-v2";
}
