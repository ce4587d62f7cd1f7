-- SPDX-License-Identifier: GPL-2.0-only
--
-- raw-latex.lua: a pandoc filter that reports the LaTeX pandoc could not
-- read. pandoc turns what it does not know into raw LaTeX, which the HTML
-- writer drops without a word; the weaver wants a warning instead. Spacing
-- commands that mean nothing on a web page are dropped silently.
local harmless = {
  ["\\noindent"] = true, ["\\medskip"] = true, ["\\smallskip"] = true,
  ["\\bigskip"] = true, ["\\newpage"] = true, ["\\clearpage"] = true,
  ["\\centering"] = true,
}

local function report(el)
  local text = el.text:gsub("%s+$", "")
  if el.format:match("tex") and not harmless[text] and not text:match("^\\vspace") then
    io.stderr:write("unsupported LaTeX: " .. text .. "\n")
  end
  return {}
end

return {{ RawInline = report, RawBlock = report }}
