"""The partnership's own content, in a data file (learning.toml), and the
loader that puts it in the database: `tables` names the file's tables, in
the order they load, and `loader` loads them safely and repeatably."""
