"""Values read from a spec, below everything that interprets them.

- ``yamlload``: safe YAML loading that keeps ``file:line:col`` for every value (``Text``,
  ``YMap``, ``YList``);
- ``fields``: typed field declarations that validate one value each and report every problem
  with its place (used by the deck schema, slide types and diagram kinds alike);
- ``merge``: deep merging of mappings (library slides and diagram data under overrides).
"""
