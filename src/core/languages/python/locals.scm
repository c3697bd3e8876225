; Locals for the call tracer (FileSyntax.locals): `repo = Repo()`, `repo: Repo = make()` carry what they hold; every
; other binding of a name (`x = 3`, `a, b = …`, `for x in …`, `with … as x`, `x += …`, `(x := …)`) is recorded without a
; type, so a local bound to different things in one function is unknown rather than one of them.
(assignment left: (identifier) @name type: (type)? @type right: (call function: [(identifier) (attribute)] @value)?) @local
(assignment left: [(pattern_list (identifier) @name) (tuple_pattern (identifier) @name) (list_pattern (identifier) @name)]) @local
(augmented_assignment left: (identifier) @name) @local
(for_statement left: (identifier) @name) @local
(for_statement left: [(pattern_list (identifier) @name) (tuple_pattern (identifier) @name)]) @local
(with_item value: (as_pattern alias: (as_pattern_target (identifier) @name))) @local
(named_expression name: (identifier) @name) @local
