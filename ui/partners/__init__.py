"""Step 3's screen: the scored long list, grid, salience, levers, coalition builder,
import and export; one module per tab."""
