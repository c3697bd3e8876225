; Calls: `f()`, `a.b.c()`, `a?.b()`, `this.m()`, `super.m()`, `super()`, tagged templates (`sql\`…\``).
(call_expression
  function: [(identifier) (member_expression) (super)] @callee
  arguments: [(arguments) (template_string)] @arguments) @call
; `new X()`, `new a.B`.
(new_expression
  constructor: [(identifier) (member_expression)] @callee
  arguments: (arguments)? @arguments) @call.new
