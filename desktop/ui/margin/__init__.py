"""The margin beside the text, where note cards sit level with their passages."""
