namespace OpenClue.Client; public static class Placeholder {}
