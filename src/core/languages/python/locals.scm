; Locals with a visible type, for the call tracer (FileSyntax.locals): `repo = Repo()`, `repo: Repo = make()`.
(assignment left: (identifier) @name right: (call function: [(identifier) (attribute)] @value)) @local
(assignment left: (identifier) @name type: (type) @type) @local
