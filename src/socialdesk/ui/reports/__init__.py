"""The Reports page, the indicators editor and the client file's Reports tab."""
